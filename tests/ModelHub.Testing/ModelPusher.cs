using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Testing;

/// <summary>Pushes a model version with its blobs, and waits for validation to decide.</summary>
public static class ModelPusher
{
    public static async Task<JsonElement> PushAndWaitAsync(
        this HttpClient client, string repo, string version, (string Path, byte[] Bytes)[] files, object? variants = null,
        object? tolerance = null)
    {
        using var created = await client.PushAsync(repo, version, files, variants, tolerance);
        if (!created.IsSuccessStatusCode)
        {
            Assert.Fail(await created.Content.ReadAsStringAsync());
        }

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var detail = await (await client.GetAsync($"/v1/models/{repo}/versions/{version}")).JsonAsync();
            if (detail.GetProperty("state").GetString() != "validating" || DateTime.UtcNow > deadline)
            {
                Assert.Equal("published", detail.GetProperty("state").GetString());
                return detail;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Uploads the files' blobs and creates the version; the answer is the version's creation.</summary>
    public static async Task<HttpResponseMessage> PushAsync(
        this HttpClient client, string repo, string version, (string Path, byte[] Bytes)[] files, object? variants = null,
        object? tolerance = null)
    {
        foreach (var file in files)
        {
            await client.PutBlobAsync(file.Bytes);
        }

        return await client.PostAsJsonAsync($"/v1/models/{repo}/versions", new
        {
            version,
            files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
            variants,
            tolerance,
        });
    }

    public static async Task MoveChannelAsync(
        this HttpClient client, string repo, string channel, string version, string? rollout = null, double? percent = null)
    {
        using var response = await client.PutAsJsonAsync(
            $"/v1/models/{repo}/channels/{channel}", new { version, rolloutVersion = rollout, rolloutPercent = percent });
        await response.ExpectAsync(System.Net.HttpStatusCode.OK);
    }
}
