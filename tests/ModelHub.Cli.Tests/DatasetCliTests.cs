using System.Text;
using ModelHub.Testing;

namespace ModelHub.Cli.Tests;

/// <summary><c>modelhub dataset</c> end to end against the real server: rows, a commit of edits, its diff and the history.</summary>
public abstract class DatasetCliTests(ServerFixture server)
{
    private readonly string _repo = "lab/ds-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Rows_commit_diff_and_history_work_from_the_command_line()
    {
        // The test runs the indexing jobs itself (after a restart that gives the server a new address).
        await DatasetJobs.TakeOverAsync(server);
        using var cli = new CliRunner(server.BaseAddress);
        var folder = Path.GetDirectoryName(cli.Write("v1/train.csv", Encoding.UTF8.GetBytes("id,label\n1,cat\n2,dog\n3,cat\n4,bird\n")))!;
        var pushed = await cli.RunAsync("push-dataset", _repo, "1", folder);
        await DatasetJobs.RunAsync(server);

        var cats = await cli.RunAsync("dataset", "rows", $"{_repo}@1", "train.csv", "--where", "label = 'cat'", "--json");
        var human = await cli.RunAsync("dataset", "rows", $"{_repo}@1", "train.csv", "--search", "bir");
        var edits = cli.Write("edits.csv", Encoding.UTF8.GetBytes("id,label\n2,cat\n5,fish\n"));
        var deletes = cli.Write("ids.txt", Encoding.UTF8.GetBytes("4\n"));
        var committed = await cli.RunAsync("dataset", "commit", _repo, "--parent", "1", "--upsert", edits, "--key", "id",
            "--delete", deletes,
            "--notes", "relabel", "--json");
        await DatasetJobs.RunAsync(server);
        var diff = await cli.RunAsync("dataset", "diff", _repo, "1", "2", "--json");
        var readable = await cli.RunAsync("dataset", "diff", _repo, "1", "2");
        var history = await cli.RunAsync("dataset", "history", _repo, "--json");
        var bad = await cli.RunAsync("dataset", "rows", $"{_repo}@1", "train.csv", "--where", "label =", "--json");

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.True(cats.ExitCode == 0, cats.ToString());
        Assert.Equal([1L, 3L], cats.Json.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("values").GetProperty("id").GetInt64()));
        Assert.Contains("bird", human.Out);
        Assert.Contains("of 1", human.Out);
        Assert.True(committed.ExitCode == 0, committed.ToString());
        Assert.Equal("2", committed.Json.GetProperty("version").GetString());
        var changes = committed.Json.GetProperty("changes");
        Assert.Equal((1, 1, 1), (changes.GetProperty("rowsAdded").GetInt32(), changes.GetProperty("rowsRemoved").GetInt32(),
            changes.GetProperty("rowsChanged").GetInt32()));
        var comparison = diff.Json.GetProperty("tables")[0].GetProperty("comparison");
        Assert.Equal(1, comparison.GetProperty("rowsChanged").GetInt32());
        Assert.Contains("~ 2 label: dog → cat", readable.Out);
        Assert.Contains("+ 5", readable.Out);
        Assert.Equal(["2", "1"], history.Json.EnumerateArray().Select(c => c.GetProperty("version").GetString()));
        Assert.Equal(ExitCodes.Failure, bad.ExitCode);
        Assert.Equal("invalid_filter", bad.Json.GetProperty("error").GetProperty("code").GetString());
    }
}

public sealed class DatasetCliTestsOnEmbedded(EmbeddedServerFixture server) : DatasetCliTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DatasetCliTestsOnPostgresS3(ExternalServerFixture server)
    : DatasetCliTests(server), IClassFixture<ExternalServerFixture>;
