using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Cli.Tests;

/// <summary><c>modelhub eval</c> and <c>modelhub dataset suspects</c> end to end: the per-tier table, exit 3 on a failed gate,
/// suspects listed and accepted as a commit.</summary>
public abstract class EvalCliTests(ServerFixture server)
{
    private const string Dataset = "lab/cli-points", Model = "lab/cli-linear";

    [Fact]
    public async Task Eval_prints_the_tiers_exits_3_on_a_failed_gate_and_suspects_are_accepted()
    {
        await EvaluationSeed.SeedAsync(server, Dataset, Model, ClassifierData.Generate(300, 0.1, seed: 5));
        using var cli = new CliRunner(server.BaseAddress);
        var spec = cli.Write("eval.json", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            ClassifierData.Spec("lab/elsewhere@9", "other.csv", maxAccuracyDrop: 0.02), System.Text.Json.JsonSerializerOptions.Web));

        // The evaluations lane of the server runs the job; the CLI waits for its result.
        string[] eval = ["eval", $"{Model}@1.0.0", "--dataset", $"{Dataset}@1", "--table", EvaluationSeed.Table, "--spec", spec];
        var gated = await cli.RunAsync(eval);
        var json = await cli.RunAsync([.. eval, "--json"]);
        var id = json.Json.GetProperty("id").GetInt64();
        var suspects = await cli.RunAsync("dataset", "suspects", $"{Dataset}@1", "--evaluation", id.ToString(), "--limit", "2");
        var accepted = await cli.RunAsync("dataset", "suspects", $"{Dataset}@1", "--evaluation", id.ToString(), "--limit", "2",
            "--accept", "all", "--json");

        Assert.True(gated.ExitCode == 3, gated.ToString());
        Assert.Contains("damaged", gated.Out);
        Assert.Contains("gate failed", gated.Out);
        Assert.Contains("fp16", gated.Out);
        Assert.Equal(3, json.ExitCode);
        Assert.True(suspects.ExitCode == 0, suspects.ToString());
        Assert.Contains("suspected labels", suspects.Out);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Equal(2, accepted.Json.GetProperty("labelsChanged").GetInt32());
        Assert.Equal("2", accepted.Json.GetProperty("version").GetString());
    }
}

public sealed class EvalCliTestsOnEmbedded(EmbeddedServerFixture server) : EvalCliTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class EvalCliTestsOnPostgresS3(ExternalServerFixture server)
    : EvalCliTests(server), IClassFixture<ExternalServerFixture>;
