using System.Text.RegularExpressions;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// The catalog's review page of suspected labels, over an image dataset with known flipped labels: readers see the ranked
/// suspects with thumbnails and no form, a signed-in writer accepts, edits and skips rows in one commit that names the
/// evaluation, and stale or wrong submissions come back as messages on the page.
/// </summary>
public abstract partial class SuspectReviewTests(ServerFixture server)
{
    private const string Model = "lab/colour-model";

    /// <summary>The image dataset and colour model seeded, and the id of the model's evaluation on the dataset.</summary>
    private async Task<long> SeedAndEvaluateAsync(string dataset)
    {
        await ImageEvaluationSeed.SeedAsync(server, dataset, Model);
        return await ImageEvaluationSeed.EvaluateAsync(server, Model, ImageEvaluationSeed.Spec(dataset));
    }

    [Fact]
    public async Task Readers_see_the_ranked_suspects_with_thumbnails_and_no_form_and_a_private_dataset_is_404_to_anonymous_users()
    {
        const string dataset = "lab/colours-read";
        var id = await SeedAndEvaluateAsync(dataset);
        var (_, readToken) = await server.Admin.CreateTokenAsync(["read"], ["lab"]);
        var (_, writeToken) = await server.Admin.CreateTokenAsync(["write"], ["lab"]);
        using var reader = await CatalogSession.SignInAsync(server, readToken);
        using var writer = await CatalogSession.SignInAsync(server, writeToken);
        var page = Page(dataset, id);

        var (anonymousStatus, anonymous) = await new CatalogSession(server).GetAsync(page);
        var (_, asReader) = await reader.GetAsync(page);
        var (_, asWriter) = await writer.GetAsync(page);
        using var refused = await reader.PostAsync(page, Choices((1, "accept", null)), asReader);
        var refusal = await refused.Content.ReadAsStringAsync();
        var api = await (await server.Admin.GetAsync($"/v1/datasets/{dataset}/versions/1/evaluations/{id}/suspects")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, anonymousStatus);
        var ranked = api.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("rowIndex").GetInt64()).ToList();
        Assert.Equal(ImageEvaluationSeed.Flipped.Order(), ranked.Order());
        foreach (var html in new[] { anonymous, asReader })
        {
            Assert.Equal(ranked, Rows(html));
            Assert.DoesNotContain("id=\"review\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"rows[0].Choice\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(ranked, Rows(asWriter));
        Assert.Contains("id=\"review\"", asWriter, StringComparison.Ordinal);
        Assert.Equal(ranked.Count * 3, Regex.Count(asWriter, "<option value=\"(red|green|blue)\""));
        foreach (var row in ranked)
        {
            var thumbnail = $"/v1/datasets/{dataset}/versions/1/thumbnails/images/{row}.png";
            Assert.Contains($"src=\"{thumbnail}\"", anonymous, StringComparison.Ordinal);
            using var image = await server.Anonymous.GetAsync(thumbnail);
            Assert.Equal("image/webp", image.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("you may not write there", refusal, StringComparison.Ordinal);

        // Linked from the model version's results and the dataset version's leaderboard.
        var link = $"href=\"/datasets/{dataset}/suspects?version=1&amp;evaluation={id}\"";
        Assert.Contains(link, await server.Admin.GetStringAsync($"/models/{Model}?version=1.0.0"), StringComparison.Ordinal);
        Assert.Contains(link, await server.Admin.GetStringAsync($"/datasets/{dataset}?version=1"), StringComparison.Ordinal);

        using (var hide = await server.Admin.PatchAsJsonAsync($"/v1/datasets/{dataset}", new { @private = true }))
        {
            await hide.ExpectAsync(HttpStatusCode.OK);
        }

        var (hiddenStatus, hidden) = await new CatalogSession(server).GetAsync(page);
        var (readerStatus, _) = await reader.GetAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, hiddenStatus);
        Assert.DoesNotContain("data-row", hidden, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, readerStatus);
    }

    [Fact]
    public async Task A_writer_accepts_two_suggestions_and_edits_one_in_one_commit_naming_the_evaluation_and_stale_posts_are_messages()
    {
        const string dataset = "lab/colours-accept";
        var id = await SeedAndEvaluateAsync(dataset);
        var (_, writeToken) = await server.Admin.CreateTokenAsync(["write"], ["lab"]);
        using var writer = await CatalogSession.SignInAsync(server, writeToken);
        var page = Page(dataset, id);
        var (_, form) = await writer.GetAsync(page);
        (long, string, string?)[] choices = [(1, "accept", "red"), (6, "accept", null), (11, "edit", "green"), (16, "skip", "red")];

        using var forged = await writer.PostAsync(page, Choices(choices), withToken: false);
        using var unknownClass = await writer.PostAsync(page, Choices((1, "edit", "purple")), form);
        var unknownClassPage = await unknownClass.Content.ReadAsStringAsync();
        Assert.Null(await AcceptedAsAsync(dataset, id));
        using var submitted = await writer.PostAsync(page, Choices(choices), form);
        var done = await submitted.Content.ReadAsStringAsync();
        var version = await AcceptedAsAsync(dataset, id);
        using var again = await writer.PostAsync(page, Choices(choices), form);
        var againPage = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownClass.StatusCode);
        Assert.Contains("&#x27;purple&#x27; is not one of the classes", unknownClassPage, StringComparison.Ordinal);
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, Regex.Match(done, "id=\"review-error\">[^<]*").Value);
        Assert.NotNull(version);
        Assert.Contains("id=\"accepted\"", done, StringComparison.Ordinal);
        Assert.Contains($"href=\"/datasets/{dataset}?version={version}\"", done, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"review\"", done, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"already accepted as version {version}", againPage, StringComparison.Ordinal);

        await DatasetJobs.RunAsync(server);
        var rows = await (await server.Admin.GetAsync(
            $"/v1/datasets/{dataset}/versions/{version}/rows?table=labels.parquet&filter=id%20IN%20(1,6,11,16)")).JsonAsync();
        var labels = rows.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("values").GetProperty("id").GetInt64(), r => r.GetProperty("values").GetProperty("label").GetString());
        Assert.Equal(ImageEvaluationSeed.Colour(1), labels[1]);
        Assert.Equal(ImageEvaluationSeed.Colour(6), labels[6]);
        Assert.Equal("green", labels[11]);
        Assert.Equal(ImageEvaluationSeed.Label(16), labels[16]);
        var detail = await (await server.Admin.GetAsync($"/v1/datasets/{dataset}/versions/{version}")).JsonAsync();
        Assert.Contains($"evaluation {id}", detail.GetProperty("notes").GetString(), StringComparison.Ordinal);

        // A later evaluation of the version that has since had this commit: accepting would undo it.
        var later = await ImageEvaluationSeed.EvaluateAsync(server, Model, ImageEvaluationSeed.Spec(dataset));
        var (_, laterForm) = await writer.GetAsync(Page(dataset, later));
        using var movedOn = await writer.PostAsync(Page(dataset, later), Choices((16, "accept", null)), laterForm);
        Assert.Equal(HttpStatusCode.Conflict, movedOn.StatusCode);
        Assert.Contains("The dataset has moved on", await movedOn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await AcceptedAsAsync(dataset, later));
    }

    private static string Page(string dataset, long id) => $"/datasets/{dataset}/suspects?version=1&evaluation={id}";

    private static List<long> Rows(string html) =>
        [.. DataRow().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The form fields of the rows' decisions, in the page's naming.</summary>
    private static List<KeyValuePair<string, string>> Choices(params (long Row, string Choice, string? Label)[] rows) =>
        [.. rows.SelectMany((r, i) => new KeyValuePair<string, string>[]
        {
            new($"rows[{i}].RowIndex", r.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new($"rows[{i}].Choice", r.Choice),
            new($"rows[{i}].Label", r.Label ?? ImageEvaluationSeed.Colour(r.Row)),
        })];

    private async Task<string?> AcceptedAsAsync(string dataset, long id)
    {
        var evaluation = await (await server.Admin.GetAsync($"/v1/datasets/{dataset}/versions/1/evaluations/{id}")).JsonAsync();
        return evaluation.TryGetProperty("acceptedAs", out var accepted) ? accepted.GetString() : null;
    }

    [GeneratedRegex("<tr data-row=\"(\\d+)\"")]
    private static partial Regex DataRow();
}

public sealed class SuspectReviewTestsOnEmbedded(EmbeddedServerFixture server)
    : SuspectReviewTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class SuspectReviewTestsOnPostgresS3(ExternalServerFixture server)
    : SuspectReviewTests(server), IClassFixture<ExternalServerFixture>;
