namespace ModelHub.Server.Tests.Auth;

/// <summary>
/// Unless configured to trust a proxy, forwarded headers are the client's to invent: they neither move a guesser to a
/// fresh throttle partition nor make the server believe it is reached over TLS.
/// </summary>
public sealed class UntrustedForwardedHeadersTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => server.RestartAsync(new Dictionary<string, string?>
    {
        ["ModelHub:Auth:FailedAttemptsPerWindow"] = "2",
        ["ModelHub:Auth:FailedAttemptWindow"] = "01:00:00",
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_guesser_cannot_escape_the_throttle_by_inventing_forwarded_addresses()
    {
        for (var i = 0; i < 3; i++)
        {
            using var guesser = server.CreateClient("mh_wrong-guess");
            guesser.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i}");
            using var wrong = await guesser.GetAsync("/v1/tokens");
            Assert.Equal(i < 2 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, wrong.StatusCode);
        }

        using var right = server.CreateClient(ServerFixture.AdminToken);
        right.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.99");
        using var lockedOut = await right.GetAsync("/v1/tokens");
        Assert.Equal("too_many_failed_authentications", await lockedOut.ProblemCodeAsync(HttpStatusCode.TooManyRequests));
    }
}
