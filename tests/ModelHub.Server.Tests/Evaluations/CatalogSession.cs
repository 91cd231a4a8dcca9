using System.Text.RegularExpressions;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// A browser-like client of the catalog: it keeps cookies, signs in through the tokens page (the HttpOnly cookie, not a
/// bearer header) and posts forms with the antiforgery token of the page it last read.
/// </summary>
public sealed partial class CatalogSession(ServerFixture server) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { CookieContainer = new CookieContainer() })
    {
        BaseAddress = server.BaseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };

    public string Antiforgery { get; private set; } = "";

    public static async Task<CatalogSession> SignInAsync(ServerFixture server, string token)
    {
        var session = new CatalogSession(server);
        var (_, form) = await session.GetAsync("/tokens");
        using (var response = await session.PostAsync("/tokens?handler=SignIn", [new("token", token)], form))
        {
            await response.ExpectAsync(HttpStatusCode.OK);
        }

        // Antiforgery tokens are bound to the user: keep one issued after signing in.
        await session.GetAsync("/tokens");
        return session;
    }

    /// <summary>Reads a page and keeps its antiforgery token (when it has a form).</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (Token().Match(body) is { Success: true } match)
        {
            Antiforgery = match.Groups[1].Value;
        }

        return (response.StatusCode, body);
    }

    /// <summary>Posts a form; with <paramref name="withToken"/> false the antiforgery token is left out.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? page = null,
        bool withToken = true)
    {
        if (page is not null && Token().Match(page) is { Success: true } match)
        {
            Antiforgery = match.Groups[1].Value;
        }

        var all = withToken ? fields.Append(new("__RequestVerificationToken", Antiforgery)) : fields;
        return await _client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
