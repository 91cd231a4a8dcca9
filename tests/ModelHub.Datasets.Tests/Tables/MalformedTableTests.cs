using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Tests.Tables;

public sealed class MalformedTableTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;

    public MalformedTableTests() => _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch") });

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("bad.csv", "id,label\n1,\"cat\n2,dog\n")]
    [InlineData("fields.csv", "id,label\n1,cat,extra\n2,dog\n")]
    [InlineData("bad.tsv", "id\tlabel\n1\tcat\n2\tdog\textra\n")]
    [InlineData("bad.jsonl", "{\"id\":1}\nnot json\n")]
    [InlineData("bad.ndjson", "{\"id\":1}\n{\"id\":\n")]
    public async Task A_table_that_does_not_parse_is_a_typed_error_naming_the_file_not_its_path(string name, string content)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, content);

        var error = await Assert.ThrowsAsync<TableInvalidException>(() => _engine.IndexAsync(path, _folder.File("out.parquet")));

        Assert.Equal(DatasetErrorCodes.TableInvalid, error.Code);
        Assert.DoesNotContain(_folder.Path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("out.parquet")));
    }

    [Fact]
    public async Task A_truncated_parquet_is_a_typed_error()
    {
        var good = new GeneratedTable(5000).Write(_folder.Path, ".parquet");
        var bytes = await File.ReadAllBytesAsync(good);
        var truncated = _folder.File("truncated.parquet");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        var error = await Assert.ThrowsAsync<TableInvalidException>(() => _engine.InspectAsync(truncated));

        Assert.Contains("truncated.parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_row_deep_in_a_csv_is_a_typed_error()
    {
        var path = _folder.File("late.csv");
        var lines = Enumerable.Range(0, 50_000).Select(i => $"{i},label{i % 3}").Prepend("id,label").Append("50000,\"open");
        await File.WriteAllLinesAsync(path, lines);

        await Assert.ThrowsAsync<TableInvalidException>(() => _engine.IndexAsync(path, _folder.File("out.parquet")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_table_and_a_missing_file_are_typed_errors()
    {
        var text = _folder.File("notes.txt");
        await File.WriteAllTextAsync(text, "hello");

        await Assert.ThrowsAsync<TableInvalidException>(() => _engine.InspectAsync(text));
        await Assert.ThrowsAsync<TableInvalidException>(() => _engine.InspectAsync(_folder.File("missing.csv")));
    }

    [Fact]
    public async Task An_empty_csv_with_a_header_is_an_empty_table()
    {
        var path = _folder.File("empty.csv");
        await File.WriteAllTextAsync(path, "id,label\n");

        var summary = await _engine.IndexAsync(path, _folder.File("out.parquet"));

        Assert.Equal(0, summary.RowCount);
        Assert.Equal(["id", "label"], summary.Columns.Select(c => c.Name));
    }
}
