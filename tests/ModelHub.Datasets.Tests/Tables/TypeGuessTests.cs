using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Rows;

namespace ModelHub.Datasets.Tests.Tables;

/// <summary>DuckDB guesses CSV types and JSON keys from a sample; values past it must not break or lose data.</summary>
public sealed class TypeGuessTests : IDisposable
{
    private const int Rows = 30_000;
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;

    public TypeGuessTests() => _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch") });

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_csv_column_that_turns_to_text_past_the_sample_is_indexed_as_text()
    {
        var path = _folder.File("late.csv");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, Rows)
            .Select(i => i == 25_000 ? "abc,x,25000" : i == 26_000 ? "27,y,def" : $"{i},x,{i}")
            .Prepend("n,s,m"));

        var summary = await _engine.IndexAsync(path, _folder.File("out.parquet"));

        Assert.Equal(Rows, summary.RowCount);
        Assert.Equal([ColumnKinds.Text, ColumnKinds.Text, ColumnKinds.Text], summary.Columns.Select(c => c.Kind));
        var row = (await _engine.RowsAsync(_folder.File("out.parquet"), new RowsRequest(25_000, 1))).Rows.Single();
        Assert.Equal("abc", row.Values["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_jsonl_key_first_seen_past_the_sample_is_kept()
    {
        var path = _folder.File("late.jsonl");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, Rows)
            .Select(i => i == 25_000 ? $$"""{"n":{{i}},"extra":"x"}""" : $$"""{"n":{{i}}}"""));

        var summary = await _engine.IndexAsync(path, _folder.File("out.parquet"));

        Assert.Equal(["n", "extra"], summary.Columns.Select(c => c.Name));
        Assert.Equal(Rows - 1, summary.Statistics.Single(s => s.Name == "extra").NullCount);
    }

    [Fact]
    public async Task A_cancelled_call_throws_operation_cancelled()
    {
        var path = new GeneratedTable(10).Write(_folder.Path, ".csv");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _engine.CountAsync(path, cancellationToken: new CancellationToken(canceled: true)));
    }
}
