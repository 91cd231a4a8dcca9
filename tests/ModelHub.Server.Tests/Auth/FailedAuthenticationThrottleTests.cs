using System.Text.RegularExpressions;

namespace ModelHub.Server.Tests.Auth;

/// <summary>
/// Guessing tokens is throttled per client, on the API and on the sign-in form; behind a TLS-terminating proxy (forwarded
/// headers trusted) the client is the forwarded address and the sign-in cookie stays Secure. The window is an hour, so no
/// outcome depends on how fast the machine is. Owns its server (restarted with the settings); the throttle keeps no
/// state in the database or the store.
/// </summary>
public sealed partial class FailedAuthenticationThrottleTests(EmbeddedServerFixture server)
    : IClassFixture<EmbeddedServerFixture>, IAsyncLifetime
{
    private const int Attempts = 3;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    public Task InitializeAsync() => server.RestartAsync(new Dictionary<string, string?>
    {
        ["ModelHub:Auth:FailedAttemptsPerWindow"] = $"{Attempts}",
        ["ModelHub:Auth:FailedAttemptWindow"] = "01:00:00",
        ["ModelHub:Http:ForwardedHeaders"] = "true",
    });

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A client behind the trusted (loopback) proxy at <paramref name="address"/>, redirects not followed.</summary>
    private HttpClient ClientAt(string address, string? token = null, string? scheme = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (scheme is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);
        }

        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token)
    {
        var form = await client.GetStringAsync("/tokens");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens?handler=SignIn")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["__RequestVerificationToken"] = Antiforgery().Match(form).Groups[1].Value,
            }),
        };
        return await client.SendAsync(request);
    }

    private static string? SignInCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith("modelhub_token=", StringComparison.Ordinal))
            : null;

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0);

    [Fact]
    public async Task After_too_many_wrong_tokens_even_the_right_one_gets_429_with_retry_after_until_the_window_ends()
    {
        using var guesser = ClientAt("203.0.113.10", "mh_wrong-guess");
        for (var i = 0; i < Attempts; i++)
        {
            using var wrong = await guesser.GetAsync("/v1/tokens");
            Assert.Equal("invalid_token", await wrong.ProblemCodeAsync(HttpStatusCode.Unauthorized));
        }

        using var right = ClientAt("203.0.113.10", ServerFixture.AdminToken);
        using var lockedOut = await right.GetAsync("/v1/tokens");
        Assert.Equal("too_many_failed_authentications", await lockedOut.ProblemCodeAsync(HttpStatusCode.TooManyRequests));
        Assert.InRange(RetryAfterSeconds(lockedOut), 1, 3600);

        // Reads without a credential go on, and so does every other client.
        using var anonymous = ClientAt("203.0.113.10");
        using var read = await anonymous.GetAsync("/v1/models");
        await read.ExpectAsync(HttpStatusCode.OK);
        using var other = ClientAt("203.0.113.11", ServerFixture.AdminToken);
        using var otherTokens = await other.GetAsync("/v1/tokens");
        await otherTokens.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_sign_in_form_counts_failures_the_same_way()
    {
        using var guesser = ClientAt("203.0.113.20");
        for (var i = 0; i < Attempts; i++)
        {
            using var wrong = await SignInAsync(guesser, "mh_wrong-guess");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await SignInAsync(guesser, ServerFixture.AdminToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(RetryAfterSeconds(right), 1, 3600);
        Assert.Null(SignInCookie(right));
    }

    [Fact]
    public async Task Behind_a_tls_terminating_proxy_the_sign_in_cookie_is_secure()
    {
        using var overTls = ClientAt("203.0.113.30", scheme: "https");
        using var plain = ClientAt("203.0.113.31");

        using var secure = await SignInAsync(overTls, ServerFixture.AdminToken);
        using var insecure = await SignInAsync(plain, ServerFixture.AdminToken);

        Assert.Equal(HttpStatusCode.Redirect, secure.StatusCode);
        Assert.Contains("; secure", SignInCookie(secure), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, insecure.StatusCode);
        Assert.DoesNotContain("; secure", SignInCookie(insecure), StringComparison.OrdinalIgnoreCase);
    }
}
