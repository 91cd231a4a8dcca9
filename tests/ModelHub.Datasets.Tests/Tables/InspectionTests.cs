using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Tests.Tables;

public sealed class InspectionTests : IDisposable
{
    private const int Rows = 1000;
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;

    public InspectionTests() => _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch") });

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(".csv", "csv")]
    [InlineData(".tsv", "tsv")]
    [InlineData(".jsonl", "jsonl")]
    [InlineData(".parquet", "parquet")]
    public async Task Index_reports_schema_counts_and_statistics_of_the_generated_values(string extension, string format)
    {
        var source = new GeneratedTable(Rows).Write(_folder.Path, extension);
        var files = Enumerable.Range(0, 900).Select(GeneratedTable.Image).Append("images/readme.txt").ToHashSet();

        var summary = await _engine.IndexAsync(source, _folder.File("indexed.parquet"), files);

        Assert.Equal(format, summary.Format);
        Assert.Equal(Rows, summary.RowCount);
        Assert.Equal(["id", "label", "score", "text", "image", "flag"], summary.Columns.Select(c => c.Name));
        Assert.Equal(
            [ColumnKinds.Integer, ColumnKinds.Text, ColumnKinds.Float, ColumnKinds.Text, ColumnKinds.Text, ColumnKinds.Boolean],
            summary.Columns.Select(c => c.Kind));
        var stats = summary.Statistics.ToDictionary(s => s.Name);

        var label = stats["label"];
        Assert.Equal(0, label.NullCount);
        Assert.Equal(3, label.DistinctCount);
        Assert.Equal([("cat", 334L), ("bird", 333L), ("dog", 333L)], label.Values!.Select(v => (v.Value!.GetValue<string>(), v.Count)));

        var scores = Enumerable.Range(0, Rows).Select(GeneratedTable.Score).OfType<double>().ToList();
        var score = stats["score"];
        Assert.Equal(100, score.NullCount);
        Assert.Null(score.Values);
        Assert.Equal(scores.Min(), score.Numbers!.Min);
        Assert.Equal(scores.Max(), score.Numbers.Max);
        Assert.Equal(scores.Average(), score.Numbers.Mean, 9);
        var mean = scores.Average();
        Assert.Equal(Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1)), score.Numbers.StdDev!.Value, 6);
        Assert.Equal(20, score.Numbers.Histogram.Count);
        Assert.Equal(scores.Count, score.Numbers.Histogram.Sum(b => b.Count));
        Assert.Equal(scores.Count(s => s < score.Numbers.Histogram[0].End), score.Numbers.Histogram[0].Count);

        var lengths = Enumerable.Range(0, Rows).Select(i => GeneratedTable.Text(i).Length).ToList();
        Assert.Equal(new TextLengths(lengths.Min(), lengths.Average(), lengths.Max()) with { Mean = 0 },
            stats["text"].Lengths! with { Mean = 0 });
        Assert.Equal(lengths.Average(), stats["text"].Lengths!.Mean, 9);
        Assert.Equal(Rows, stats["id"].Numbers!.Max + 1);
        Assert.InRange(stats["id"].DistinctCount, Rows * 0.75, Rows);

        Assert.Equal(new PathStatistics(900, 100, MediaKinds.Image), stats["image"].Paths);
        Assert.Null(stats["text"].Paths);
        var flags = stats["flag"].Values!.Select(v => (v.Value!.GetValue<bool>(), v.Count)).OrderBy(v => !v.Item1);
        Assert.Equal([(true, 500L), (false, 500L)], flags);
    }

    [Fact]
    public async Task Indexing_the_same_table_twice_writes_the_same_bytes()
    {
        var source = new GeneratedTable(Rows).Write(_folder.Path, ".csv");

        await _engine.IndexAsync(source, _folder.File("a.parquet"));
        await _engine.IndexAsync(source, _folder.File("b.parquet"));

        Assert.Equal(await File.ReadAllBytesAsync(_folder.File("a.parquet")), await File.ReadAllBytesAsync(_folder.File("b.parquet")));
    }

    [Fact]
    public async Task Inspecting_the_materialised_copy_hides_the_row_number_and_matches_the_source()
    {
        var source = new GeneratedTable(Rows).Write(_folder.Path, ".jsonl");
        var indexed = await _engine.IndexAsync(source, _folder.File("indexed.parquet"));

        var again = await _engine.InspectAsync(_folder.File("indexed.parquet"));

        Assert.Equal("parquet", again.Format);
        Assert.Equal(indexed.Columns, again.Columns);
        Assert.Equal(indexed.RowCount, again.RowCount);
        Assert.Equal(indexed.Statistics.Select(s => s.NullCount), again.Statistics.Select(s => s.NullCount));
    }

    [Fact]
    public async Task Small_integer_columns_get_a_bin_per_value_and_value_counts()
    {
        var path = _folder.File("stars.jsonl");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, 100).Select(i => $$"""{"stars":{{1 + (i % 5 == 4 ? 3 : i % 5)}}}"""));

        var stars = (await _engine.InspectAsync(path)).Statistics.Single();

        Assert.Equal(
            [(1.0, 2.0, 20L), (2.0, 3.0, 20L), (3.0, 4.0, 20L), (4.0, 4.0, 40L)],
            stars.Numbers!.Histogram.Select(b => (b.Start, b.End, b.Count)));
        Assert.Equal([(4L, 40L), (1L, 20L), (2L, 20L), (3L, 20L)], stars.Values!.Select(v => (v.Value!.GetValue<long>(), v.Count)));
    }

    [Fact]
    public async Task Nested_and_date_columns_get_kinds_and_ranges()
    {
        var path = _folder.File("nested.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"tags":["a","b"],"box":{"x":1,"y":2},"day":"2024-01-02","at":"2024-01-02T03:04:05"}""",
            """{"tags":[],"box":{"x":3,"y":4},"day":"2024-03-01","at":"2024-05-06T07:08:09"}""",
        ]);

        var summary = await _engine.InspectAsync(path);

        Assert.Equal(
            [ColumnKinds.List, ColumnKinds.Struct, ColumnKinds.DateTime, ColumnKinds.DateTime], summary.Columns.Select(c => c.Kind));
        var day = summary.Statistics.Single(s => s.Name == "day").Range!;
        Assert.Equal(("2024-01-02", "2024-03-01"), (day.Min!.GetValue<string>(), day.Max!.GetValue<string>()));
        Assert.Equal("2024-05-06T07:08:09", summary.Statistics.Single(s => s.Name == "at").Range!.Max!.GetValue<string>());
        Assert.Equal(2, summary.Statistics.Single(s => s.Name == "box").DistinctCount);
    }
}
