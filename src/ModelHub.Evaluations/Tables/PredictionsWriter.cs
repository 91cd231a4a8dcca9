using DuckDB.NET.Data;
using ModelHub.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// Writes the per-example predictions, one row per table row and tier, typed through a DuckDB appender into a table of the
/// evaluation's DuckDB (a connection of its own; DuckDB spills the table to the scratch folder past the memory limit), then
/// copies it into Parquet shaped like a materialised table (row numbers first, small row groups), so the server's rows API
/// reads it as it reads any table. (It wrote a CSV and converted it before: formatting and parsing every value took longer
/// than scoring.)
/// </summary>
internal sealed class PredictionsWriter : IDisposable
{
    private const string Table = "predictions";
    private readonly DuckSession _session;
    private readonly DuckDBAppender _appender;
    private readonly int _rowGroupSize = new TableEngineOptions().RowGroupSize;
    private long _rows;
    private bool _closed;

    private PredictionsWriter(DuckSession session, IReadOnlyList<(string Name, string Type)> columns)
    {
        _session = session;
        try
        {
            _appender = _session.CreateAppender(Table, columns.Prepend((Sql.RowColumn, "BIGINT")));
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>A writer on another connection of <paramref name="pager"/>'s database, of <paramref name="columns"/>
    /// (<see cref="Classification"/> or <see cref="Regression"/>); the Parquet file goes where the pager may write.</summary>
    public static PredictionsWriter Open(RowPager pager, IReadOnlyList<(string Name, string Type)> columns) =>
        new(pager.Connect(), columns);

    /// <summary>Classification columns: the table's row, its key, the tier, given and predicted labels, probabilities, loss.</summary>
    public static IReadOnlyList<(string, string)> Classification =>
    [
        ("row", "BIGINT"), ("key", "VARCHAR"), ("tier", "VARCHAR"), ("label", "VARCHAR"), ("predicted", "VARCHAR"),
        ("probability", "DOUBLE"), ("label_probability", "DOUBLE"), ("loss", "DOUBLE"), ("correct", "BOOLEAN"),
    ];

    /// <summary>Regression columns: the table's row, its key, the tier, target and prediction, squared error.</summary>
    public static IReadOnlyList<(string, string)> Regression =>
        [("row", "BIGINT"), ("key", "VARCHAR"), ("tier", "VARCHAR"), ("target", "DOUBLE"), ("prediction", "DOUBLE"), ("loss", "DOUBLE")];

    /// <summary>A row of <see cref="Classification"/>; a number that is not finite is written as null.</summary>
    public void AddClassification(long row, string? key, string tier, string label, string predicted, double probability,
        double labelProbability, double loss, bool correct) =>
        _appender.CreateRow().AppendValue(_rows++).AppendValue(row).AppendValue(key).AppendValue(tier).AppendValue(label)
            .AppendValue(predicted).AppendValue(Finite(probability)).AppendValue(Finite(labelProbability)).AppendValue(Finite(loss))
            .AppendValue(correct).EndRow();

    /// <summary>A row of <see cref="Regression"/>; a number that is not finite is written as null.</summary>
    public void AddRegression(long row, string? key, string tier, double target, double prediction, double loss) =>
        _appender.CreateRow().AppendValue(_rows++).AppendValue(row).AppendValue(key).AppendValue(tier).AppendValue(Finite(target))
            .AppendValue(Finite(prediction)).AppendValue(Finite(loss)).EndRow();

    /// <summary>Writes the Parquet file to <paramref name="output"/> (in the scratch folder).</summary>
    public async Task CompleteAsync(string output, CancellationToken cancellationToken)
    {
        Close();
        await _session.ExecuteAsync(
            $"COPY {Sql.Identifier(Table)} TO {Sql.Literal(output)} ({Materializer.Options(_rowGroupSize)})", cancellationToken);
    }

    public void Dispose()
    {
        Close();
        _session.Dispose();
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _appender.Dispose();
        }
    }
}
