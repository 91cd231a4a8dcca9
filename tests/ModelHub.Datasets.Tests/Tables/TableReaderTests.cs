using DuckDB.NET.Data;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;

namespace ModelHub.Datasets.Tests.Tables;

/// <summary>The long-lived reader answers like the engine, and reaches its folder only (it runs the engine's own SQL,
/// never a client's, so the folder it may use is the whole of its reach).</summary>
public sealed class TableReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;
    private readonly string _tables;

    public TableReaderTests()
    {
        _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch"), RowGroupSize = 1024 });
        _tables = Directory.CreateDirectory(_folder.File("tables")).FullName;
    }

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Pages_and_counts_equal_the_engines_and_bad_filters_raise_the_same_errors()
    {
        var source = new GeneratedTable(5_000).Write(_folder.Path, ".csv");
        var table = Path.Combine(_tables, "t.parquet");
        await _engine.IndexAsync(source, table);
        using var reader = new TableReader(_tables, new TableEngineOptions { ScratchDirectory = _folder.File("scratch") });

        foreach (var request in new[] { new RowsRequest(0, 3), new RowsRequest(4_321, 100), new RowsRequest(10, 5, null, "label = 'dog'") })
        {
            var expected = await _engine.RowsAsync(table, request);
            var actual = await reader.RowsAsync(table, request);
            Assert.Equal(expected.Rows.Select(r => (r.RowIndex, r.Values.ToJsonString())),
                actual.Rows.Select(r => (r.RowIndex, r.Values.ToJsonString())));
        }

        Assert.Equal(await _engine.CountAsync(table, "score > 0.5"), await reader.CountAsync(table, "score > 0.5", null));
        await Assert.ThrowsAsync<FilterException>(() => reader.RowsAsync(table, new RowsRequest(0, 1, null, "label =")));
        await Assert.ThrowsAsync<UnknownColumnException>(() => reader.CountAsync(table, "nope = 1", null));
        await Assert.ThrowsAsync<ArgumentException>(() => reader.RowsAsync(source, new RowsRequest(0, 1)));
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_csv('{outside}')")]
    [InlineData("COPY (SELECT 1) TO '{outside}.copy'")]
    [InlineData("SET enable_external_access = true")]
    public async Task The_shared_database_reads_only_its_folder(string sql)
    {
        var outside = _folder.File("outside.csv");
        await File.WriteAllTextAsync(outside, "secret\n42\n");
        var scratch = Directory.CreateDirectory(_folder.File("shared-scratch")).FullName;
        using var shared = DuckSession.OpenShared(new TableEngineOptions { MemoryLimitMb = 64, Threads = 1 }, scratch, _tables);
        using var session = DuckSession.Duplicate(shared, scratch);

        await Assert.ThrowsAnyAsync<DuckDBException>(() => session.ExecuteAsync(
            sql.Replace("{outside}", outside, StringComparison.Ordinal).Replace("{tables}", _tables, StringComparison.Ordinal), default));
    }
}
