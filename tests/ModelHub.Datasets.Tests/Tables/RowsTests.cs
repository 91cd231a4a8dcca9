using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;

namespace ModelHub.Datasets.Tests.Tables;

public sealed class RowsTests : IDisposable
{
    private const int Rows = 20_000;
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;

    public RowsTests() =>
        _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch"), RowGroupSize = 1024 });

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".jsonl")]
    [InlineData(".parquet")]
    public async Task Rows_at_any_offset_are_the_generated_rows(string extension)
    {
        var table = await IndexAsync(extension);

        foreach (var offset in new long[] { 0, 1023, 1024, 12_345, Rows - 3 })
        {
            var page = await _engine.RowsAsync(table, new RowsRequest(offset, 5));

            var expected = Enumerable.Range((int)offset, (int)Math.Min(5, Rows - offset)).ToList();
            Assert.Equal(expected.Select(i => (long)i), page.Rows.Select(r => r.RowIndex));
            Assert.Equal(expected.Select(i => (long)i), page.Rows.Select(r => r.Values["id"]!.GetValue<long>()));
            Assert.Equal(expected.Select(GeneratedTable.Text), page.Rows.Select(r => r.Values["text"]!.GetValue<string>()));
            Assert.Equal(expected.Select(GeneratedTable.Score), page.Rows.Select(r => r.Values["score"]?.GetValue<double>()));
        }
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_a_column_subset_keeps_its_order()
    {
        var table = await IndexAsync(".csv");

        Assert.Empty((await _engine.RowsAsync(table, new RowsRequest(Rows, 10))).Rows);
        var page = await _engine.RowsAsync(table, new RowsRequest(7, 1, ["label", "id"]));
        Assert.Equal(["label", "id"], page.Columns.Select(c => c.Name));
        Assert.Equal("""{"label":"dog","id":7}""", page.Rows.Single().Values.ToJsonString());
        await Assert.ThrowsAsync<UnknownColumnException>(() => _engine.RowsAsync(table, new RowsRequest(0, 1, ["nope"])));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _engine.RowsAsync(table, new RowsRequest(0, 101)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _engine.RowsAsync(table, new RowsRequest(-1, 1)));
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".parquet")]
    public async Task Filters_select_the_rows_the_generator_says_and_page_in_table_order(string extension)
    {
        var table = await IndexAsync(extension);
        const string filter = "label = 'bird' AND (score >= 100 OR score IS NULL) AND NOT id IN (1001, 1004) AND flag = true";
        var expected = Enumerable.Range(0, Rows)
            .Where(i => GeneratedTable.Label(i) == "bird" && (GeneratedTable.Score(i) is null or >= 100) && i is not 1001 and not 1004)
            .Where(i => i % 2 == 0)
            .ToList();

        var page = await _engine.RowsAsync(table, new RowsRequest(10, 100, Filter: filter));

        Assert.Equal(expected.Skip(10).Take(100).Select(i => (long)i), page.Rows.Select(r => r.RowIndex));
        Assert.Equal(expected.Count, await _engine.CountAsync(table, filter));
    }

    [Fact]
    public async Task Search_is_case_insensitive_over_text_columns_and_matches_wildcards_literally()
    {
        var table = await IndexAsync(".csv");

        Assert.Equal(Enumerable.Range(0, Rows).Count(i => i % 7 == 0), await _engine.CountAsync(table, search: "SAY \"HI\""));
        Assert.Equal(0, await _engine.CountAsync(table, search: "item_1"));
        Assert.Equal(0, await _engine.CountAsync(table, search: "item%"));
        Assert.Equal(1, await _engine.CountAsync(table, search: "images/19999.jpg"));
        var page = await _engine.RowsAsync(table, new RowsRequest(0, 3, Filter: "label = 'cat'", Search: "item 1"));
        Assert.Equal([12L, 15L, 18L], page.Rows.Select(r => r.RowIndex));
    }

    [Fact]
    public async Task Injection_attempts_are_values_not_sql()
    {
        var table = await IndexAsync(".csv");
        string[] attempts =
        [
            "label = 'x'' OR ''1''=''1'",
            "label = 'cat''; DROP TABLE t; --'",
            "label = 'x'') UNION SELECT * FROM read_csv(''/etc/passwd'') --'",
            "\"label\"\" = 1 OR \"\"id\" = 1",
        ];

        foreach (var attempt in attempts)
        {
            var error = await Record.ExceptionAsync(() => _engine.CountAsync(table, attempt));
            Assert.True(error is null or UnknownColumnException, $"{attempt}: {error}");
            if (error is null)
            {
                Assert.Equal(0, await _engine.CountAsync(table, attempt));
            }
        }

        Assert.Equal(0, await _engine.CountAsync(table, search: "'; SELECT 1; --"));
        Assert.Equal(0, await _engine.CountAsync(table, search: "/* */"));
    }

    [Fact]
    public async Task A_literal_that_does_not_cast_to_its_column_is_a_filter_error()
    {
        var table = await IndexAsync(".csv");

        var error = await Assert.ThrowsAsync<FilterException>(() => _engine.CountAsync(table, "score > 'abc'"));

        Assert.Equal(DatasetErrorCodes.InvalidFilter, error.Code);
        Assert.Contains("abc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_round_trips_without_the_row_number()
    {
        var table = await IndexAsync(".jsonl");
        var exported = _folder.File("export.parquet");

        await using (var destination = File.Create(exported))
        {
            await _engine.ExportParquetAsync(table, destination);
        }

        var summary = await _engine.InspectAsync(exported);
        Assert.Equal(Rows, summary.RowCount);
        Assert.Equal(["id", "label", "score", "text", "image", "flag"], summary.Columns.Select(c => c.Name));
        var row = (await _engine.RowsAsync(exported, new RowsRequest(14, 1))).Rows[0];
        Assert.Equal(GeneratedTable.Text(14), row.Values["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rows_of_a_source_table_work_without_indexing()
    {
        var source = new GeneratedTable(50).Write(_folder.Path, ".tsv");

        var page = await _engine.RowsAsync(source, new RowsRequest(40, 100));

        Assert.Equal(Enumerable.Range(40, 10).Select(i => (long)i), page.Rows.Select(r => r.RowIndex));
        Assert.Equal(GeneratedTable.Text(42), page.Rows[2].Values["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Values_come_back_as_json_friendly_values()
    {
        var path = _folder.File("types.jsonl");
        await File.WriteAllLinesAsync(path,
            ["""{"tags":["a","b"],"box":{"x":1,"y":"z"},"day":"2024-01-02","at":"2024-01-02T03:04:05.5","n":null}"""]);

        var row = (await _engine.RowsAsync(path, new RowsRequest(0, 1))).Rows.Single();

        Assert.Equal("""{"tags":["a","b"],"box":{"x":1,"y":"z"},"day":"2024-01-02","at":"2024-01-02T03:04:05.5","n":null}""",
            row.Values.ToJsonString());
    }

    [Fact]
    public async Task Cells_over_the_limits_are_cut_or_left_out_and_named()
    {
        using var engine = new TableEngine(new TableEngineOptions
        {
            ScratchDirectory = _folder.File("small"),
            MaxCellChars = 10,
            MaxInlineBinaryBytes = 4,
        });
        var path = _folder.File("big.jsonl");
        await File.WriteAllLinesAsync(path,
            ["""{"short":"abc","long":"0123456789abcdef","tags":[1,2,3,4,5,6,7,8],"few":[1]}"""]);

        var row = (await engine.RowsAsync(path, new RowsRequest(0, 1))).Rows.Single();

        Assert.Equal("""{"short":"abc","long":"0123456789","tags":null,"few":[1]}""", row.Values.ToJsonString());
        Assert.Equal(["long", "tags"], row.TruncatedCells);
    }

    private async Task<string> IndexAsync(string extension)
    {
        var source = new GeneratedTable(Rows).Write(_folder.Path, extension);
        var indexed = _folder.File("indexed.parquet");
        await _engine.IndexAsync(source, indexed);
        return indexed;
    }
}
