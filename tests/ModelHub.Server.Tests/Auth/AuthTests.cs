namespace ModelHub.Server.Tests.Auth;

public abstract class AuthTests(ServerFixture server)
{
    private async Task<(long Id, string Token)> CreateTokenAsync(HttpClient by, string[] scopes, string[] owners)
    {
        using var response = await by.PostAsJsonAsync("/v1/tokens", new { name = "t", scopes, owners });
        await response.ExpectAsync(HttpStatusCode.Created);
        var json = await response.JsonAsync();
        return (json.GetProperty("info").GetProperty("id").GetInt64(), json.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task Anonymous_reads_public_repositories()
    {
        await server.Admin.CreateRepositoryAsync("pub", "open");

        using var response = await server.Anonymous.GetAsync("/v1/models/pub/open");

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_write_gets_401()
    {
        using var response = await server.Anonymous.PostAsJsonAsync("/v1/models", new { owner = "anon", name = "x" });

        Assert.Equal("authentication_required", await response.ProblemCodeAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Token_for_another_owner_gets_403()
    {
        var (_, token) = await CreateTokenAsync(server.Admin, ["write"], ["alice"]);
        using var alice = server.CreateClient(token);

        using var own = await alice.PostAsJsonAsync("/v1/models", new { owner = "alice", name = "mine" });
        using var other = await alice.PostAsJsonAsync("/v1/models", new { owner = "bob", name = "theirs" });

        await own.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("forbidden", await other.ProblemCodeAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Revoked_token_gets_401_even_on_reads()
    {
        var (id, token) = await CreateTokenAsync(server.Admin, ["write"], ["carol"]);
        using var carol = server.CreateClient(token);
        (await carol.PostAsJsonAsync("/v1/models", new { owner = "carol", name = "before" })).Dispose();

        using var revoke = await server.Admin.DeleteAsync($"/v1/tokens/{id}");
        using var write = await carol.PostAsJsonAsync("/v1/models", new { owner = "carol", name = "after" });
        using var read = await carol.GetAsync("/v1/models/carol/before");

        await revoke.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("invalid_token", await write.ProblemCodeAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_token", await read.ProblemCodeAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Private_repository_is_invisible_to_others_and_visible_to_its_readers()
    {
        await server.Admin.CreateRepositoryAsync("dave", "secret", isPrivate: true);
        var (_, daveToken) = await CreateTokenAsync(server.Admin, ["read"], ["dave"]);
        var (_, otherToken) = await CreateTokenAsync(server.Admin, ["read"], ["erin"]);
        using var dave = server.CreateClient(daveToken);
        using var other = server.CreateClient(otherToken);

        using var anonymous = await server.Anonymous.GetAsync("/v1/models/dave/secret");
        using var stranger = await other.GetAsync("/v1/models/dave/secret");
        using var reader = await dave.GetAsync("/v1/models/dave/secret");
        var listed = await (await server.Anonymous.GetAsync("/v1/models?owner=dave")).JsonAsync();

        Assert.Equal("repository_not_found", await anonymous.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal("repository_not_found", await stranger.ProblemCodeAsync(HttpStatusCode.NotFound));
        await reader.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_token_cannot_mint_a_stronger_token()
    {
        var (_, token) = await CreateTokenAsync(server.Admin, ["write"], ["frank"]);
        using var frank = server.CreateClient(token);

        using var weaker = await frank.PostAsJsonAsync(
            "/v1/tokens", new { name = "ci", scopes = new[] { "read" }, owners = new[] { "frank" } });
        using var stronger = await frank.PostAsJsonAsync(
            "/v1/tokens", new { name = "x", scopes = new[] { "admin" }, owners = new[] { "frank" } });
        using var wider = await frank.PostAsJsonAsync("/v1/tokens", new { name = "y", scopes = new[] { "read" }, owners = new[] { "*" } });

        await weaker.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("forbidden", await stronger.ProblemCodeAsync(HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await wider.ProblemCodeAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Token_secret_is_shown_once_and_listings_show_only_its_prefix()
    {
        var (id, token) = await CreateTokenAsync(server.Admin, ["read"], ["gina"]);

        var body = await server.Admin.GetStringAsync("/v1/tokens");

        Assert.DoesNotContain(token, body);
        Assert.Contains(token[..10], body);
        Assert.Contains($"\"id\":{id}", body);
    }

    [Fact]
    public async Task Uploading_needs_a_write_token()
    {
        var (_, readToken) = await CreateTokenAsync(server.Admin, ["read"], ["hank"]);
        using var reader = server.CreateClient(readToken);
        var bytes = TestData.Bytes(10, 71);

        using var anonymous = await server.Anonymous.PutAsync($"/v1/blobs/{TestData.Digest(bytes)}", new ByteArrayContent(bytes));
        using var readOnly = await reader.PostAsync("/v1/uploads", null);

        Assert.Equal("authentication_required", await anonymous.ProblemCodeAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("forbidden", await readOnly.ProblemCodeAsync(HttpStatusCode.Forbidden));
    }
}

public sealed class AuthTestsOnEmbedded(EmbeddedServerFixture server) : AuthTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class AuthTestsOnPostgresS3(ExternalServerFixture server) : AuthTests(server), IClassFixture<ExternalServerFixture>;
