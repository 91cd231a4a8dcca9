using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using ModelHub.Datasets;
using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Comparison;
using ModelHub.Datasets.Rows;

namespace ModelHub.Benchmarks;

/// <summary>
/// The table engine on a generated 1,000,000-row Parquet table (~100 MB): indexing with statistics, rows at random
/// offsets, a commit of 1,000 label edits, a compare of the two versions, and the process's peak RSS over those steps;
/// anchored by a bare DuckDB count and full scan of the same file in the same run.
/// </summary>
public static class DatasetsBenchmark
{
    private const int RowCount = 1_000_000;

    public static async Task<List<Row>> RunAsync(string folder)
    {
        // Generated in a child process, and the anchor run last: DuckDB's allocator keeps what an unlimited query took,
        // which would count in this process's RSS but never in the server's.
        var source = Path.Combine(folder, "table.parquet");
        await GenerateInChildAsync(source);
        var sizeMb = new FileInfo(source).Length / 1e6;
        // As the server will: the version's file paths streamed (from its database), never held as one collection.
        var versionFiles = Enumerable.Range(0, RowCount).Select(Image).Append("table.parquet");
        PeakRss.Reset();

        using var engine = new TableEngine(new TableEngineOptions { ScratchDirectory = Path.Combine(folder, "scratch") });
        var indexed = Path.Combine(folder, "indexed.parquet");
        var watch = Stopwatch.StartNew();
        var summary = await engine.IndexAsync(source, indexed, versionFiles);
        var index = watch.Elapsed;
        Console.Error.WriteLine($"  peak RSS after indexing: {PeakRss.Megabytes():0} MB");
        var images = summary.Statistics.Single(s => s.Name == "image").Paths;

        var random = new Random(42);
        var reads = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var offset = random.NextInt64(0, RowCount - 100);
            watch.Restart();
            var page = await engine.RowsAsync(indexed, new RowsRequest(offset, 100));
            reads.Add(watch.Elapsed.TotalMilliseconds);
            if (page.Rows.Count != 100 || page.Rows[0].RowIndex != offset)
            {
                throw new InvalidOperationException($"Rows at {offset} came back wrong.");
            }
        }

        reads.Sort();
        Console.Error.WriteLine($"  peak RSS after rows: {PeakRss.Megabytes():0} MB");
        var edits = Path.Combine(folder, "edits.csv");
        await File.WriteAllLinesAsync(edits, Enumerable.Range(0, 1000)
            .Select(i => (i * 997L) + 13)
            .Select(id => $"{id},relabelled")
            .Prepend("id,label"));
        var head = Path.Combine(folder, "head.parquet");
        watch.Restart();
        var change = await engine.ApplyAsync(new TableCommit(indexed, "id", edits, null, head));
        var commit = watch.Elapsed;
        Console.Error.WriteLine($"  peak RSS after the commit: {PeakRss.Megabytes():0} MB");
        watch.Restart();
        var diff = await engine.CompareAsync(new TableCompareRequest(indexed, head, "id"));
        var compare = watch.Elapsed;
        var rss = PeakRss.Megabytes();
        var count = Time(() => Bare(source, "SELECT count(*) FROM read_parquet({0})"));
        var scan = Time(() => Bare(
            source, "SELECT sum(length(text)), avg(score), count(DISTINCT label), max(image) FROM read_parquet({0})"));

        const string engineStack = "engine";
        return
        [
            new Row(engineStack, $"bare DuckDB: count(*) of a {RowCount:N0}-row Parquet ({sizeMb:0} MB)", Ms(count), "", null),
            new Row(engineStack, "bare DuckDB: full scan (lengths, mean, distinct, max)", Ms(scan), "", null),
            new Row(engineStack, $"index + statistics ({summary.Columns.Count} columns; images resolved {images?.Resolved:N0})",
                Ms(index), "≤ 10 s", index.TotalSeconds <= 10),
            new Row(engineStack, "rows(offset, 100) at 200 random offsets, p50", $"{reads[100]:0.0} ms", "≤ 50 ms", reads[100] <= 50),
            new Row(engineStack, "rows(offset, 100) p99", $"{reads[197]:0.0} ms", "", null),
            new Row(engineStack, $"commit of 1,000 label edits ({change.RowsChanged:N0} changed)", Ms(commit), "≤ 10 s",
                commit.TotalSeconds <= 10),
            new Row(engineStack, $"keyed compare of the two versions ({diff.RowsChanged:N0} changed)", Ms(compare), "≤ 10 s",
                compare.TotalSeconds <= 10),
            new Row(engineStack, "peak RSS of the process during the engine steps", $"{rss:0} MB", "≤ 300 MB", rss <= 300),
        ];
    }

    private static string Image(int i) => $"images/{i:D7}.jpg";

    private static string Ms(TimeSpan elapsed) => $"{elapsed.TotalMilliseconds:0} ms";

    private static TimeSpan Time(Action action)
    {
        action();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    /// <summary>Writes the table (<c>--generate-table</c> mode of this program).</summary>
    public static void Generate(string path)
    {
        // An id key, a label of 5 classes, a float score, a text of 65–130 characters, an image path: ~100 MB as Parquet.
        Bare(path, """
            COPY (SELECT i AS id,
                         (['cat', 'dog', 'bird', 'fish', 'horse'])[1 + CAST(hash(i) % 5 AS INTEGER)] AS label,
                         CAST(hash(i * 7) % 100000 AS DOUBLE) / 1000.0 AS score,
                         substr(md5(CAST(i AS VARCHAR)) || md5(CAST(-i AS VARCHAR)) || md5(CAST(i * 3 AS VARCHAR)),
                                1, 32 * (1 + CAST(i % 3 AS INTEGER))) || ' ' || md5(CAST(i * 7 AS VARCHAR)) AS text,
                         'images/' || lpad(CAST(i AS VARCHAR), 7, '0') || '.jpg' AS image
                  FROM range(1000000) t(i))
            TO {0} (FORMAT parquet, COMPRESSION snappy)
            """);
    }

    public static async Task GenerateInChildAsync(string path)
    {
        // Like ServerProcess: the dotnet host with this program's dll (the apphost would take the dll as an argument).
        using var child = Process.Start("dotnet", [typeof(DatasetsBenchmark).Assembly.Location, "--generate-table", path]);
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Generating the table failed with exit code {child.ExitCode}.");
        }
    }

    private static void Bare(string path, string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, "'" + path + "'");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}
