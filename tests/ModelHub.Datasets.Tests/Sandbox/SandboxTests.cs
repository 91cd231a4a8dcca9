using DuckDB.NET.Data;
using ModelHub.Datasets.Engine;

namespace ModelHub.Datasets.Tests.Sandbox;

public sealed class SandboxTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _table;
    private readonly string _other;
    private readonly DuckSession _session;

    public SandboxTests()
    {
        _table = new GeneratedTable(10).Write(_folder.Path, ".csv");
        _other = _folder.File("other.csv");
        File.WriteAllText(_other, "secret\n42\n");
        var scratch = Directory.CreateDirectory(_folder.File("scratch")).FullName;
        _session = DuckSession.Open(new TableEngineOptions { MemoryLimitMb = 64, Threads = 1 }, scratch, [_table]);
    }

    public void Dispose()
    {
        _session.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_session_reads_its_own_table()
    {
        Assert.Equal(10L, await _session.SingleAsync($"SELECT count(*) FROM read_csv('{_table}')", r => r.GetInt64(0), default));
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')")]
    [InlineData("SELECT * FROM glob('/etc/*')")]
    [InlineData("SELECT * FROM read_csv('{other}')")]
    [InlineData("SELECT * FROM read_csv('{folder}/*.csv')")]
    [InlineData("COPY (SELECT 1) TO '{folder}/written.csv'")]
    [InlineData("ATTACH '{folder}/db.duckdb'")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SELECT * FROM read_parquet('https://example.com/x.parquet')")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET allowed_directories = ['/']")]
    [InlineData("SET memory_limit = '10GB'")]
    [InlineData("RESET lock_configuration")]
    [InlineData("SET lock_configuration = false")]
    public async Task Anything_beyond_the_table_is_refused(string sql)
    {
        sql = sql.Replace("{other}", _other, StringComparison.Ordinal).Replace("{folder}", _folder.Path, StringComparison.Ordinal);

        await Assert.ThrowsAsync<DuckDBException>(() => _session.ExecuteAsync(sql, default));

        Assert.False(File.Exists(_folder.File("written.csv")));
        Assert.Equal("64.0 MiB", await _session.SingleAsync("SELECT current_setting('memory_limit')", r => r.GetString(0), default));
        Assert.Equal(1L, await _session.SingleAsync("SELECT current_setting('threads')", r => Convert.ToInt64(r.GetValue(0)), default));
    }

    [Fact]
    public async Task The_engine_embeds_duckdb_1_5_which_has_the_settings_the_sandbox_relies_on()
    {
        using var engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("engine") });

        Assert.StartsWith("v1.5.", await engine.DuckDbVersionAsync(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.File("engine")));
    }

    [Fact]
    public async Task The_scratch_folder_is_writable()
    {
        var output = Path.Combine(_session.Scratch, "out.parquet");

        await _session.ExecuteAsync($"COPY (SELECT 1 AS one) TO '{output}' (FORMAT parquet)", default);

        Assert.True(File.Exists(output));
    }
}
