using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Downloads;

namespace ModelHub.Server.Tests.Web;

/// <summary>
/// The catalog page's tier table names tiers as the manifest and the download counters do, so it shows their counts.
/// </summary>
public abstract partial class CatalogTierTests(ServerFixture server)
{
    [GeneratedRegex(
        """<tr>\s*<th scope="row">(?<name>[^ <]+).*?data-downloads="(?<downloads>\d+)".*?data-lookups="(?<lookups>\d+)".*?</tr>""",
        RegexOptions.Singleline)]
    private static partial Regex TierRow();

    [Fact]
    public async Task A_tier_named_after_its_file_shows_its_downloads_and_the_manifest_lookups_that_chose_it()
    {
        var name = $"plain-{Guid.NewGuid():N}"[..14];
        await server.Admin.CreateRepositoryAsync("lab", name);
        await server.Admin.PushAndWaitAsync($"lab/{name}", "1.0.0", [("model.onnx", Models.MatMul()), ("config.json", "{}"u8.ToArray())]);

        using var manifest = await server.Anonymous.GetAsync($"/v1/models/lab/{name}/manifest?version=1.0.0&ep=cpu");
        using var lookup = await server.Anonymous.GetAsync($"/v1/models/lab/{name}/manifest?version=1.0.0&ep=wasm");
        var url = (await manifest.JsonAsync()).GetProperty("variant").GetProperty("files")[0].GetProperty("url").GetString();
        (await server.Anonymous.GetAsync(url)).Dispose();
        await server.Services.GetRequiredService<DownloadCounters>().FlushAsync();
        var html = await server.Anonymous.GetStringAsync($"/models/lab/{name}?version=1.0.0");

        await manifest.ExpectAsync(HttpStatusCode.OK);
        var table = html[html.IndexOf("<table class=\"variants\">", StringComparison.Ordinal)..];
        var row = Assert.Single(TierRow().Matches(table[..table.IndexOf("</table>", StringComparison.Ordinal)]));
        Assert.Equal("model", row.Groups["name"].Value);
        Assert.Equal("1", row.Groups["downloads"].Value);
        Assert.Equal("2", row.Groups["lookups"].Value);
    }
}

public sealed class CatalogTierTestsOnEmbedded(EmbeddedServerFixture server)
    : CatalogTierTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CatalogTierTestsOnPostgresS3(ExternalServerFixture server)
    : CatalogTierTests(server), IClassFixture<ExternalServerFixture>;
