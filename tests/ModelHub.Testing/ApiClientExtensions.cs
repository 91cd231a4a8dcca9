using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Testing;

/// <summary>Short-hands for the calls most tests make on the way to what they test.</summary>
public static class ApiClientExtensions
{
    public static async Task CreateRepositoryAsync(
        this HttpClient client, string owner, string name, string kind = "models", bool isPrivate = false)
    {
        using var response = await client.PostAsJsonAsync(
            $"/v1/{kind}", new { owner, name, description = $"{name} for tests", @private = isPrivate });
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Creates a token with <paramref name="by"/>'s rights and returns its id and secret.</summary>
    public static async Task<(long Id, string Token)> CreateTokenAsync(this HttpClient by, string[] scopes, string[] owners,
        DateTimeOffset? expiresAt = null)
    {
        using var response = await by.PostAsJsonAsync("/v1/tokens", new { name = "test", scopes, owners, expiresAt });
        await response.ExpectAsync(HttpStatusCode.Created);
        var json = await response.JsonAsync();
        return (json.GetProperty("info").GetProperty("id").GetInt64(), json.GetProperty("token").GetString()!);
    }

    /// <summary>Uploads <paramref name="bytes"/> with one PUT and returns its digest.</summary>
    public static async Task<string> PutBlobAsync(this HttpClient client, byte[] bytes)
    {
        var digest = TestData.Digest(bytes);
        using var response = await client.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent(bytes));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return digest;
    }

    public static async Task<HttpResponseMessage> CreateVersionAsync(
        this HttpClient client, string repo, string version, params (string Path, byte[] Bytes)[] files)
    {
        foreach (var file in files)
        {
            await client.PutBlobAsync(file.Bytes);
        }

        var entries = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length });
        return await client.PostAsJsonAsync($"/v1/models/{repo}/versions", new { version, files = entries });
    }

    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts the response is problem details with <paramref name="status"/> and returns its <c>code</c>.</summary>
    public static async Task<string> ProblemCodeAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.GetProperty("code").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }
}
