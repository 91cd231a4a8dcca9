using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Client;

/// <summary>The JSON plumbing under the typed calls: problem details become <see cref="ModelHubException"/>.</summary>
public sealed partial class ModelHubClient
{
    /// <summary>The API's JSON (camelCase); nulls are left out of requests, where null means "not given".</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly HttpMethod Patch = new("PATCH");

    /// <summary>Throws <see cref="ModelHubException"/> with the problem's code for any 4xx/5xx.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if ((int)response.StatusCode < 400)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync();
        string code = "http_" + (int)response.StatusCode, detail = text;
        try
        {
            var problem = JsonSerializer.Deserialize<Problem>(text, Json);
            code = problem?.Code ?? code;
            detail = problem?.Detail ?? detail;
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's error page): keep the text.
        }

        throw new ModelHubException((int)response.StatusCode, code, $"{(int)response.StatusCode} {code}: {detail}");
    }

    /// <summary>GET a JSON resource of the API.</summary>
    internal async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync<T>(response, cancellationToken);
    }

    /// <summary>Sends <paramref name="body"/> (if any) as JSON and reads the JSON answer.</summary>
    internal async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        return await ReadJsonAsync<T>(response, cancellationToken);
    }

    /// <summary>Sends <paramref name="body"/> (if any) as JSON to a call that answers without a body (204).</summary>
    internal async Task SendJsonAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request, cancellationToken);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
            ?? throw new ModelHubException(
                (int)response.StatusCode, "empty_response", $"{response.RequestMessage?.RequestUri} answered null.");
    }

    private sealed record Problem(string? Code, string? Detail);
}
