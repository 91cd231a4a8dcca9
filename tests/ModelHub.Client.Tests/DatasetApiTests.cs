using System.Text;
using ModelHub.Contracts;
using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Repositories;
using ModelHub.Testing;

namespace ModelHub.Client.Tests;

/// <summary>The SDK's dataset calls against the real server on both stacks: tables, rows, exports, commits, history, compares.</summary>
public abstract class DatasetApiTests(ServerFixture server) : IDisposable
{
    private readonly ClientWorkspace _workspace = new();
    private readonly string _repo = "lab/d" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Tables_rows_exports_commits_history_and_compares_are_typed_calls()
    {
        // The test runs the indexing jobs itself (after a restart that gives the server a new address).
        await DatasetJobs.TakeOverAsync(server);
        using var client = _workspace.Client(server.BaseAddress);
        var parts = _repo.Split('/');
        await client.CreateRepositoryAsync(
            new CreateRepositoryRequest(parts[0], parts[1], null, null, null, null), RepositoryKinds.Datasets);
        await client.PushAsync(new PushRequest(_repo, "1", new Dictionary<string, string>
        {
            ["train.csv"] = _workspace.Write("train.csv", Encoding.UTF8.GetBytes("id,label\n1,cat\n2,dog\n3,cat\n")),
            ["notes.txt"] = _workspace.Write("notes.txt", "v1"u8.ToArray()),
        })
        { Kind = RepositoryKinds.Datasets });
        await DatasetJobs.RunAsync(server);

        var tables = await client.ListTablesAsync(_repo, "1");
        var schema = await client.GetTableSchemaAsync(_repo, "1", "train.csv");
        var statistics = await client.GetTableStatisticsAsync(_repo, "1", "train.csv");
        var rows = await client.GetRowsAsync(_repo, "1", "train.csv", new RowsQuery(Filter: "label = 'cat'", Columns: ["id"]));
        var count = await client.CountRowsAsync(_repo, "1", "train.csv", search: "DO");
        using var parquet = new MemoryStream();
        await client.DownloadTableParquetAsync(_repo, "1", "train.csv", parquet);
        var refused = await Assert.ThrowsAsync<ModelHubException>(
            () => client.GetRowsAsync(_repo, "1", "train.csv", new RowsQuery(Filter: "id >")));
        var committed = await client.CommitAsync(new DatasetCommit(_repo, "1")
        {
            Tables = [new TableEdits("train.csv", "id", _workspace.Write("edits.csv", Encoding.UTF8.GetBytes("id,label\n2,cat\n")))],
            Add = new Dictionary<string, string> { ["README.md"] = _workspace.Write("README.md", "# data"u8.ToArray()) },
            Remove = ["notes.txt"],
        });
        await DatasetJobs.RunAsync(server);
        var history = await client.GetHistoryAsync(_repo);
        var diff = await client.CompareAsync(_repo, "1", "2", new DatasetCompareOptions(Change: RowChangeKinds.Changed));

        Assert.Equal(("train.csv", TableStates.Indexed), (Assert.Single(tables).Path, tables[0].State));
        Assert.Equal(["id", "label"], schema.Select(c => c.Name));
        Assert.Equal(3, statistics.RowCount);
        Assert.Equal([1L, 3L], rows.Rows.Select(r => r.Values["id"]!.GetValue<long>()));
        Assert.Equal(["id"], rows.Columns.Select(c => c.Name));
        Assert.Equal(1, count);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(parquet.ToArray(), 0, 4));
        Assert.Equal((400, ErrorCodes.InvalidFilter), (refused.Status, refused.Code));
        Assert.Equal(("2", "1"), (committed.Version, committed.Parent));
        Assert.Equal(["README.md", "train.parquet"], committed.Changes!.FilesAdded);
        Assert.Equal(["notes.txt", "train.csv"], committed.Changes.FilesRemoved);
        Assert.Equal(["2", "1"], history.Select(c => c.Version));
        var change = Assert.Single(Assert.Single(diff.Tables).Comparison!.Changes);
        Assert.Equal(("label", "dog", "cat"), (change.Cells[0].Column, change.Cells[0].Before!.GetValue<string>(),
            change.Cells[0].After!.GetValue<string>()));
    }
}

public sealed class DatasetApiTestsOnEmbedded(EmbeddedServerFixture server)
    : DatasetApiTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DatasetApiTestsOnPostgresS3(ExternalServerFixture server)
    : DatasetApiTests(server), IClassFixture<ExternalServerFixture>;
