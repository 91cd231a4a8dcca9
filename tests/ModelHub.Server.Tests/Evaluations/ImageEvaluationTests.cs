using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Evaluations;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// An image evaluation over a filtered subset of a table places only the images those rows name in its scratch folder
/// (downloads from S3, links from the filesystem store), not every image of the version.
/// </summary>
public abstract class ImageEvaluationTests(ServerFixture server)
{
    private const string Dataset = "lab/colours-filtered";
    private const string Model = "lab/colour-model";

    [Fact]
    public async Task An_evaluation_of_a_filtered_subset_places_only_the_images_its_rows_name()
    {
        await ImageEvaluationSeed.SeedAsync(server, Dataset, Model);
        var expected = Enumerable.Range(0, ImageEvaluationSeed.Rows).Where(id => ImageEvaluationSeed.Label(id) == "red").ToList();
        var metrics = server.Services.GetRequiredService<EvaluationMetrics>();
        var before = metrics.ImagesPlaced;

        var id = await ImageEvaluationSeed.EvaluateAsync(server, Model, ImageEvaluationSeed.Spec(Dataset, "label = 'red'"));

        var placed = metrics.ImagesPlaced - before;
        var evaluation = await (await server.Admin.GetAsync($"/v1/models/{Model}/versions/1.0.0/evaluations/{id}")).JsonAsync();
        var tier = evaluation.GetProperty("tiers")[0];
        Assert.True(expected.Count < ImageEvaluationSeed.Rows / 2, "the filter keeps a minority of the rows");
        Assert.Equal(expected.Count, placed);
        Assert.Equal(expected.Count, tier.GetProperty("examples").GetInt64());
        // One of the red-labelled rows is a flipped blue image: every other is classified right, so every image was read.
        Assert.Equal((expected.Count - 1.0) / expected.Count, tier.GetProperty("accuracy").GetDouble(), 6);
    }
}

public sealed class ImageEvaluationTestsOnEmbedded(EmbeddedServerFixture server)
    : ImageEvaluationTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ImageEvaluationTestsOnPostgresS3(ExternalServerFixture server)
    : ImageEvaluationTests(server), IClassFixture<ExternalServerFixture>;
