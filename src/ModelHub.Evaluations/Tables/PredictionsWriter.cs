using System.Globalization;
using ModelHub.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// Writes the per-example predictions, one row per table row and tier, as a CSV in the scratch folder while the evaluation
/// runs (streamed), then converts it with DuckDB into Parquet shaped like a materialised table (row numbers first, small
/// row groups), so the server's rows API reads it as it reads any table.
/// </summary>
internal sealed class PredictionsWriter : IDisposable
{
    private readonly string _csv;
    private readonly StreamWriter _writer;
    private readonly IReadOnlyList<(string Name, string Type)> _columns;
    private long _rows;

    public PredictionsWriter(string scratch, IReadOnlyList<(string Name, string Type)> columns)
    {
        _columns = columns;
        _csv = Path.Combine(scratch, "predictions.csv");
        _writer = new StreamWriter(_csv, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        _writer.WriteLine(string.Join(",", columns.Select(c => c.Name).Prepend(Sql.RowColumn)));
    }

    /// <summary>Classification columns: the table's row, its key, the tier, given and predicted labels, probabilities, loss.</summary>
    public static IReadOnlyList<(string, string)> Classification =>
    [
        ("row", "BIGINT"), ("key", "VARCHAR"), ("tier", "VARCHAR"), ("label", "VARCHAR"), ("predicted", "VARCHAR"),
        ("probability", "DOUBLE"), ("label_probability", "DOUBLE"), ("loss", "DOUBLE"), ("correct", "BOOLEAN"),
    ];

    /// <summary>Regression columns: the table's row, its key, the tier, target and prediction, squared error.</summary>
    public static IReadOnlyList<(string, string)> Regression =>
        [("row", "BIGINT"), ("key", "VARCHAR"), ("tier", "VARCHAR"), ("target", "DOUBLE"), ("prediction", "DOUBLE"), ("loss", "DOUBLE")];

    public void Add(params object?[] values)
    {
        _writer.Write(_rows++.ToString(CultureInfo.InvariantCulture));
        foreach (var value in values)
        {
            _writer.Write(',');
            _writer.Write(value switch
            {
                null => "",
                string text => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
                bool flag => flag ? "true" : "false",
                double number => double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : "",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
        }

        _writer.WriteLine();
    }

    /// <summary>Writes the Parquet file to <paramref name="output"/> (in the scratch folder).</summary>
    public async Task CompleteAsync(string output, string scratch, int memoryLimitMb, CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken);
        _writer.Dispose();
        // One thread and small CSV buffers: DuckDB's default buffers (32 MiB a thread) alone would fill a 64 MiB limit.
        var options = new TableEngineOptions { MemoryLimitMb = memoryLimitMb, ScratchDirectory = scratch, Threads = 1 };
        using var session = DuckSession.Open(options, scratch, [_csv]);
        var types = string.Join(", ", _columns.Prepend((Sql.RowColumn, "BIGINT"))
            .Select(c => $"{Sql.Literal(c.Item1)}: {Sql.Literal(c.Item2)}"));
        await session.ExecuteAsync(
            $$"""
            COPY (SELECT * FROM read_csv({{Sql.Literal(_csv)}}, header = true, quote = '"', escape = '"',
                buffer_size = 4194304, columns = {{{types}}}))
            TO {{Sql.Literal(output)}} ({{Materializer.Options(options.RowGroupSize)}})
            """,
            cancellationToken);
        File.Delete(_csv);
    }

    public void Dispose() => _writer.Dispose();
}
