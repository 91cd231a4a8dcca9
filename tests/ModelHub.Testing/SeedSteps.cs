using System.Net;

namespace ModelHub.Testing;

/// <summary>The steps the evaluation seeds share: seed once per server, and wait for the model's validation to end.</summary>
internal static class SeedSteps
{
    public static async Task<bool> ExistsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Creates the repository <c>owner/name</c> of <paramref name="kind"/> unless it exists.</summary>
    public static async Task CreateAsync(HttpClient client, string kind, string repository)
    {
        if (!await ExistsAsync(client, $"/v1/{kind}/{repository}"))
        {
            var parts = repository.Split('/');
            await client.CreateRepositoryAsync(parts[0], parts[1], kind);
        }
    }

    /// <summary>Waits (at most 3 minutes) until <paramref name="model"/>'s version is no longer validating.</summary>
    public static async Task WaitValidatedAsync(HttpClient client, string model, string version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await (await client.GetAsync($"/v1/models/{model}/versions/{version}")).JsonAsync()).GetProperty("state").GetString()
            == "validating" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}
