using System.Text;
using DuckDB.NET.Data;
using ModelHub.Datasets;
using ModelHub.Evaluations.Tables;

namespace ModelHub.Evaluations.Tests;

/// <summary>
/// The engine's table ends: rows read typed page by page (numbers, missing values, text, row numbers, the filter), and the
/// predictions written through DuckDB's appender into a Parquet file the rows API can read.
/// </summary>
public sealed class TablesTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "modelhub-eval-tables-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task Pages_read_numbers_text_and_missing_values_typed_in_table_order()
    {
        var table = await TableAsync("id,x,label,y\na,1.5,cat,2\nb,,dog,3\nc,abc,cat,4\nd,-2,,5\ne,7,dog,6\n");
        var columns = new RowColumns();
        var (x, label, id) = (columns.Number("x"), columns.Text("label"), columns.Text("id"));
        using var pager = await RowPager.OpenAsync(table, Scratch(), 64, null, CancellationToken.None);
        pager.Read(columns.Select);
        var page = new RowPage(columns.Texts, capacity: 2);
        var read = new List<(long Row, double? X, string? Label, string? Id)>();
        var sizes = new List<int>();
        while ((await pager.NextAsync(page, 2, CancellationToken.None)).Count > 0)
        {
            sizes.Add(page.Count);
            for (var i = 0; i < page.Count; i++)
            {
                read.Add((page.Row(i), page.TryNumber(x, i, out var value) ? value : null, page.Text(label, i), page.Text(id, i)));
            }
        }

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(
            [(0L, 1.5, "cat", "a"), (1L, null, "dog", "b"), (2L, null, "cat", "c"), (3L, -2.0, null, "d"), (4L, 7.0, "dog", "e")],
            read);
        Assert.Equal(5, await pager.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Pages_hold_only_the_rows_that_pass_the_filter()
    {
        var table = await TableAsync("x,label\n1,a\n2,b\n3,a\n4,b\n");
        var columns = new RowColumns();
        var x = columns.Number("x");
        using var pager = await RowPager.OpenAsync(table, Scratch(), 64, "label = 'b'", CancellationToken.None);
        pager.Read(columns.Select);
        var page = await pager.NextAsync(new RowPage(columns.Texts, capacity: 10), 10, CancellationToken.None);

        Assert.Equal([(1L, 2.0), (3L, 4.0)], Enumerable.Range(0, page.Count)
            .Select(i => (page.Row(i), page.TryNumber(x, i, out var value) ? value : double.NaN)));
    }

    [Fact]
    public async Task Predictions_are_a_parquet_of_the_declared_columns_with_row_numbers_first()
    {
        var scratch = Scratch();
        var output = Path.Combine(scratch, "predictions.parquet");
        // As the engine writes them: through another connection of the pager's database, while the pager reads.
        var columns = new RowColumns();
        columns.Number("x");
        using var pager = await RowPager.OpenAsync(await TableAsync("x\n1\n"), scratch, 64, null, CancellationToken.None);
        pager.Read(columns.Select);
        using (var writer = PredictionsWriter.Open(pager, PredictionsWriter.Classification))
        {
            await pager.NextAsync(new RowPage(columns.Texts, capacity: 10), 10, CancellationToken.None);
            writer.AddClassification(7, "k7", "fp32", "cat", "dog", 0.75, 0.25, 1.386, correct: false);
            writer.AddClassification(9, null, "int8", "dog", "dog", 0.5, 0.5, double.PositiveInfinity, correct: true);
            await writer.CompleteAsync(output, CancellationToken.None);
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{output}')";
        using var reader = command.ExecuteReader();
        Assert.Equal(
            ["__modelhub_row", "row", "key", "tier", "label", "predicted", "probability", "label_probability", "loss", "correct"],
            Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }

        Assert.Equal(2, rows.Count);
        Assert.Equal([0L, 7L, "k7", "fp32", "cat", "dog", 0.75, 0.25, 1.386, false], rows[0]);
        // A missing key and a loss that is not finite are nulls.
        Assert.Equal([1L, 9L, null, "int8", "dog", "dog", 0.5, 0.5, null, true], rows[1]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Scratch() => Directory.CreateDirectory(Path.Combine(_root, "scratch-" + Guid.NewGuid().ToString("N"))).FullName;

    private async Task<string> TableAsync(string csv)
    {
        var source = Path.Combine(_root, "rows.csv");
        await File.WriteAllTextAsync(source, csv, Encoding.UTF8);
        var materialised = Path.Combine(_root, "rows.parquet");
        using var engine = new TableEngine(new TableEngineOptions { ScratchDirectory = Path.Combine(_root, "engine") });
        await engine.IndexAsync(source, materialised);
        return materialised;
    }
}
