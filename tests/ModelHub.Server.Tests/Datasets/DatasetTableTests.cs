using System.Text;
using SkiaSharp;

namespace ModelHub.Server.Tests.Datasets;

public abstract class DatasetTableTests(ServerFixture server)
{
    private HttpClient Admin => server.Admin;

    [Fact]
    public async Task A_new_version_shows_its_tables_pending_then_indexed_with_schema_and_statistics()
    {
        await DatasetSeed.PushAsync(server, "lab/pets", "1", false, DatasetSeed.LabelledImages());
        var pending = await (await Admin.GetAsync("/v1/datasets/lab/pets/versions/1")).JsonAsync();

        await DatasetJobs.RunAsync(server);
        var tables = await (await Admin.GetAsync("/v1/datasets/lab/pets/versions/1/tables")).JsonAsync();
        var statistics = await (await Admin.GetAsync("/v1/datasets/lab/pets/versions/1/statistics?table=labels.csv")).JsonAsync();

        Assert.Equal("pending", pending.GetProperty("tables")[0].GetProperty("state").GetString());
        var table = tables.EnumerateArray().Single();
        Assert.Equal(("labels.csv", "indexed", "csv", 5), (table.GetProperty("path").GetString(), table.GetProperty("state").GetString(),
            table.GetProperty("format").GetString(), table.GetProperty("rowCount").GetInt32()));
        var label = Column(statistics, "label");
        Assert.Equal(2, label.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "cat")
            .GetProperty("count").GetInt32());
        Assert.Equal(0.5, Column(statistics, "score").GetProperty("numbers").GetProperty("min").GetDouble());
        var paths = Column(statistics, "image").GetProperty("paths");
        Assert.Equal((4, 1, "image"), (paths.GetProperty("resolved").GetInt32(), paths.GetProperty("unresolved").GetInt32(),
            paths.GetProperty("mediaKind").GetString()));
    }

    [Fact]
    public async Task Rows_page_filter_search_and_link_media_to_the_version_files_and_thumbnails()
    {
        await DatasetSeed.PushAsync(server, "lab/rows", "1", false, DatasetSeed.LabelledImages());
        await DatasetJobs.RunAsync(server);
        const string Rows = "/v1/datasets/lab/rows/versions/1/rows?table=labels.csv";

        var page = await (await Admin.GetAsync($"{Rows}&offset=1&length=2")).JsonAsync();
        var cats = await (await Admin.GetAsync($"{Rows}&filter={Uri.EscapeDataString("label = 'cat' AND score > 0.75")}")).JsonAsync();
        var search = await (await Admin.GetAsync($"{Rows}&search=BIR&columns=id&columns=label")).JsonAsync();
        var dogsAndBirds = Uri.EscapeDataString("label IN ('dog', 'bird')");
        var count = await (await Admin.GetAsync($"/v1/datasets/lab/rows/versions/1/count?table=labels.csv&filter={dogsAndBirds}"))
            .JsonAsync();

        Assert.Equal([1L, 2L], page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("rowIndex").GetInt64()));
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        var first = page.GetProperty("rows")[0];
        Assert.Equal("dog", first.GetProperty("values").GetProperty("label").GetString());
        var image = first.GetProperty("media").GetProperty("image");
        Assert.Equal("/v1/datasets/lab/rows/versions/1/files/images/2.png", image.GetProperty("url").GetString());
        Assert.Equal(DatasetSeed.Png(32, 32, 20), await Admin.GetByteArrayAsync(image.GetProperty("url").GetString()));
        Assert.Equal([1L], cats.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("values").GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, cats.GetProperty("total").ValueKind);
        var found = search.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal(["id", "label"], found.GetProperty("values").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, count.GetProperty("count").GetInt32());

        using var thumbnail = await Admin.GetAsync(page.GetProperty("rows")[0].GetProperty("media").GetProperty("image")
            .GetProperty("thumbnail").GetString());
        await thumbnail.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        var large = await (await Admin.GetAsync($"{Rows}&offset=0&length=1")).JsonAsync();
        using var bitmap = SKBitmap.Decode(await Admin.GetByteArrayAsync(
            large.GetProperty("rows")[0].GetProperty("media").GetProperty("image").GetProperty("thumbnail").GetString()));
        Assert.Equal((256, 192), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData("label = ", "invalid_filter", HttpStatusCode.BadRequest)]
    [InlineData("colour = 'red'", "unknown_column", HttpStatusCode.BadRequest)]
    [InlineData("score > 'abc'", "invalid_filter", HttpStatusCode.BadRequest)]
    public async Task A_bad_filter_is_a_problem_with_a_stable_code(string filter, string code, HttpStatusCode status)
    {
        await DatasetSeed.PushAsync(server, "lab/filters", "1", false, DatasetSeed.LabelledImages());
        await DatasetJobs.RunAsync(server);

        using var response = await Admin.GetAsync(
            $"/v1/datasets/lab/filters/versions/1/rows?table=labels.csv&filter={Uri.EscapeDataString(filter)}");

        Assert.Equal(code, await response.ProblemCodeAsync(status));
    }

    [Fact]
    public async Task A_malformed_table_is_reported_failed_with_a_reason_and_its_rows_are_422()
    {
        var broken = Encoding.UTF8.GetBytes("id,label\n1,\"cat\n2,dog,extra\n");
        await DatasetSeed.PushAsync(server, "lab/broken", "1", false, ("broken.csv", broken), ("notes.txt", "hello"u8.ToArray()));
        await DatasetJobs.RunAsync(server);

        var table = (await (await Admin.GetAsync("/v1/datasets/lab/broken/versions/1/tables")).JsonAsync()).EnumerateArray().Single();
        using var rows = await Admin.GetAsync("/v1/datasets/lab/broken/versions/1/rows?table=broken.csv");
        using var notATable = await Admin.GetAsync("/v1/datasets/lab/broken/versions/1/rows?table=notes.txt");

        Assert.Equal("failed", table.GetProperty("state").GetString());
        Assert.False(string.IsNullOrWhiteSpace(table.GetProperty("error").GetString()));
        Assert.Equal("table_invalid", await rows.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal("table_not_found", await notATable.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task The_parquet_export_is_streamed_with_its_digest_as_etag()
    {
        await DatasetSeed.PushAsync(server, "lab/export", "1", false, DatasetSeed.LabelledImages());
        await DatasetJobs.RunAsync(server);
        const string Url = "/v1/datasets/lab/export/versions/1/parquet?table=labels.csv";

        using var first = await Admin.GetAsync(Url);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        using var again = await Admin.SendAsync(request);

        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal($"\"{TestData.Digest(bytes)}\"", first.Headers.ETag.Tag);
        Assert.Contains("labels.parquet", first.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("/versions/1/tables")]
    [InlineData("/versions/1/schema?table=labels.csv")]
    [InlineData("/versions/1/statistics?table=labels.csv")]
    [InlineData("/versions/1/rows?table=labels.csv")]
    [InlineData("/versions/1/count?table=labels.csv")]
    [InlineData("/versions/1/parquet?table=labels.csv")]
    [InlineData("/versions/1/thumbnails/images/1.png")]
    [InlineData("/commits")]
    [InlineData("/compare/1...1")]
    public async Task A_private_dataset_stays_invisible_on_every_route(string route)
    {
        await DatasetSeed.PushAsync(server, "secret/pets", "1", true, DatasetSeed.LabelledImages());
        await DatasetJobs.RunAsync(server);

        using var anonymous = await server.Anonymous.GetAsync("/v1/datasets/secret/pets" + route);
        using var admin = await Admin.GetAsync("/v1/datasets/secret/pets" + route);

        Assert.Equal("repository_not_found", await anonymous.ProblemCodeAsync(HttpStatusCode.NotFound));
        await admin.ExpectAsync(HttpStatusCode.OK);
    }

    private static JsonElement Column(JsonElement statistics, string name) =>
        statistics.GetProperty("statistics").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}

public sealed class DatasetTableTestsOnEmbedded(EmbeddedServerFixture server)
    : DatasetTableTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DatasetTableTestsOnPostgresS3(ExternalServerFixture server)
    : DatasetTableTests(server), IClassFixture<ExternalServerFixture>;
