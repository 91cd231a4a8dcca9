using System.Text;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// A linear classifier built in code evaluated on rows whose labels it computes, with 10 % of the labels flipped: the
/// reference tier finds the flipped rows, the damaged tier fails the accuracy gate, and accepted suggestions become a
/// dataset commit.
/// </summary>
public abstract class EvaluationTests(ServerFixture server)
{
    private const string Dataset = "lab/points";
    private const string Model = "lab/linear";
    private static readonly ClassifierData Data = ClassifierData.Generate(600, 0.1);

    private HttpClient Admin => server.Admin;

    [Fact]
    public async Task Every_tier_is_scored_flipped_labels_are_suspected_and_the_damaged_tier_fails_the_gate()
    {
        await SeedAsync();

        var evaluation = await EvaluateAsync(ClassifierData.Spec($"{Dataset}@1", "points.csv", maxAccuracyDrop: 0.02));

        Assert.Equal("succeeded", evaluation.GetProperty("state").GetString());
        var tiers = evaluation.GetProperty("tiers").EnumerateArray().ToDictionary(t => t.GetProperty("tier").GetString()!);
        var reference = tiers["fp32"].GetProperty("accuracy").GetDouble();
        Assert.InRange(reference, 0.85, 0.95);
        Assert.Equal(600, tiers["fp32"].GetProperty("examples").GetInt64());
        Assert.Equal(3, tiers["fp32"].GetProperty("confusion").GetArrayLength());
        Assert.Equal(3, tiers["fp32"].GetProperty("classes").GetArrayLength());
        Assert.True(tiers["fp16"].GetProperty("passed").GetBoolean());
        Assert.False(tiers["damaged"].GetProperty("passed").GetBoolean());
        Assert.True(tiers["damaged"].GetProperty("accuracyDrop").GetDouble() > 0.02);
        var gate = evaluation.GetProperty("gate");
        Assert.False(gate.GetProperty("passed").GetBoolean());
        Assert.Equal(["damaged"], gate.GetProperty("failedTiers").EnumerateArray().Select(t => t.GetString()));

        var id = evaluation.GetProperty("id").GetInt64();
        var suspects = await (await Admin.GetAsync($"{Path}/{id}/suspects?length=1000")).JsonAsync();
        var suspected = suspects.GetProperty("rows").EnumerateArray().Select(r => long.Parse(r.GetProperty("key").GetString()!)).ToList();
        var found = suspected.Count(Data.FlippedIds.Contains);
        Assert.True(found >= 0.8 * Data.FlippedIds.Count, $"{found} of {Data.FlippedIds.Count} flipped rows suspected");
        Assert.True(found >= 0.5 * suspected.Count, $"{found} of {suspected.Count} suspects are flipped rows");
        var given = suspects.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("givenProbability").GetDouble()).ToList();
        Assert.Equal(given.Order(), given);

        // The catalog: the model version's results per tier, the dataset version's leaderboard.
        var modelPage = await Admin.GetStringAsync($"/models/{Model}?version=1.0.0");
        var datasetPage = await Admin.GetStringAsync($"/datasets/{Dataset}?version=1");
        Assert.Contains("id=\"evaluations\">Evaluations", modelPage);
        Assert.Contains("status-failed", modelPage);
        Assert.Contains("Leaderboard", datasetPage);
        Assert.Contains($"{Model}@1.0.0", datasetPage);
    }

    [Fact]
    public async Task Predictions_are_readable_as_rows_and_accepted_suggestions_become_a_commit_naming_the_evaluation()
    {
        await SeedAsync();
        var evaluation = await EvaluateAsync(ClassifierData.Spec($"{Dataset}@1", "points.csv"));
        var id = evaluation.GetProperty("id").GetInt64();

        var rows = await (await Admin.GetAsync($"{Path}/{id}/predictions/rows?length=5&filter=tier%20%3D%20%27fp16%27")).JsonAsync();
        using var parquet = await Admin.GetAsync($"{Path}/{id}/predictions");
        var suspects = await (await Admin.GetAsync($"{Path}/{id}/suspects?length=3")).JsonAsync();
        var accepted = suspects.GetProperty("rows").EnumerateArray().ToList();
        using var commit = await Admin.PostAsJsonAsync($"{Path}/{id}/suspects",
            new { labels = accepted.Select(r => new { rowIndex = r.GetProperty("rowIndex").GetInt64() }) });
        await commit.ExpectAsync(HttpStatusCode.Created);
        var created = await commit.JsonAsync();
        await DatasetJobs.RunAsync(server);

        Assert.Equal(5, rows.GetProperty("rows").GetArrayLength());
        Assert.All(rows.GetProperty("rows").EnumerateArray(),
            r => Assert.Equal("fp16", r.GetProperty("values").GetProperty("tier").GetString()));
        Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
        Assert.Equal("PAR1", Encoding.ASCII.GetString((await parquet.Content.ReadAsByteArrayAsync())[..4]));
        var version = created.GetProperty("version").GetString();
        Assert.Equal(3, created.GetProperty("labelsChanged").GetInt32());
        var detail = await (await Admin.GetAsync($"/v1/datasets/{Dataset}/versions/{version}")).JsonAsync();
        Assert.Contains($"evaluation {id}", detail.GetProperty("notes").GetString());
        foreach (var row in accepted)
        {
            var key = row.GetProperty("key").GetString();
            var page = await (await Admin.GetAsync(
                $"/v1/datasets/{Dataset}/versions/{version}/rows?table=points.parquet&filter=id%20%3D%20{key}")).JsonAsync();
            Assert.Equal(row.GetProperty("suggestedLabel").GetString(),
                page.GetProperty("rows")[0].GetProperty("values").GetProperty("label").GetString());
        }

        var evaluated = await (await Admin.GetAsync($"{Path}/{id}")).JsonAsync();
        Assert.Equal(version, evaluated.GetProperty("acceptedAs").GetString());
        using var again = await Admin.PostAsJsonAsync($"{Path}/{id}/suspects",
            new { labels = accepted.Select(r => new { rowIndex = r.GetProperty("rowIndex").GetInt64() }) });
        Assert.Equal("suspects_already_accepted", await again.ProblemCodeAsync(HttpStatusCode.Conflict));
        var leaderboard = await (await Admin.GetAsync($"/v1/datasets/{Dataset}/versions/1/evaluations")).JsonAsync();
        Assert.Contains(leaderboard.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task A_spec_naming_a_missing_column_or_input_is_422_listing_what_exists()
    {
        await SeedAsync();
        var spec = new
        {
            dataset = $"{Dataset}@1",
            table = "points.csv",
            inputs = new[] { new { name = "pixels", columns = new[] { "x0", "x9" } } },
            output = new { task = "classification", scores = "logits", classes = Classifiers.ClassNames, label = "label" },
        };

        using var response = await Admin.PostAsJsonAsync(Path, spec);

        Assert.Equal("evaluation_spec_invalid", await response.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        var problem = await response.JsonAsync();
        var errors = string.Join(" ", problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("'x9'", errors);
        Assert.Contains("'pixels'", errors);
        Assert.Contains("x3", problem.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(problem.GetProperty("inputs").EnumerateArray(), i => i.GetString()!.StartsWith("x ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_evaluation_on_a_private_dataset_is_hidden_from_readers_of_the_public_model()
    {
        await SeedAsync();
        await EvaluationSeed.SeedAsync(server, "lab/secret-points", Model, Data);
        var evaluation = await EvaluateAsync(ClassifierData.Spec("lab/secret-points@1", "points.csv"));
        var id = evaluation.GetProperty("id").GetInt64();
        using (var hide = await Admin.PatchAsJsonAsync("/v1/datasets/lab/secret-points", new { @private = true }))
        {
            await hide.ExpectAsync(HttpStatusCode.OK);
        }

        using var anonymous = await server.Anonymous.GetAsync($"{Path}/{id}/suspects");
        var list = await (await server.Anonymous.GetAsync(Path)).JsonAsync();
        var admin = await (await Admin.GetAsync(Path)).JsonAsync();

        Assert.Equal("evaluation_not_found", await anonymous.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.DoesNotContain(list.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
        Assert.Contains(admin.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
    }

    private static string Path => $"/v1/models/{Model}/versions/1.0.0/evaluations";

    private async Task<JsonElement> EvaluateAsync(object spec)
    {
        using var response = await Admin.PostAsJsonAsync(Path, spec);
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var id = (await response.JsonAsync()).GetProperty("id").GetInt64();
        await EvaluationJobs.RunAsync(server);
        var evaluation = await (await Admin.GetAsync($"{Path}/{id}")).JsonAsync();
        Assert.True(evaluation.GetProperty("state").GetString() == "succeeded", evaluation.ToString());
        return evaluation;
    }

    private async Task SeedAsync()
    {
        await EvaluationJobs.TakeOverAsync(server);
        await EvaluationSeed.SeedAsync(server, Dataset, Model, Data);
    }
}

public sealed class EvaluationTestsOnEmbedded(EmbeddedServerFixture server) : EvaluationTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class EvaluationTestsOnPostgresS3(ExternalServerFixture server)
    : EvaluationTests(server), IClassFixture<ExternalServerFixture>;
