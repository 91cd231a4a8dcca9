using ModelHub.Contracts.Tokens;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Tests.Auth;

public sealed class TokenServiceTests : IDisposable
{
    private static readonly Caller Writer = new("token:1", new HashSet<string> { "write" }, new HashSet<string> { "acme" });

    private readonly TestDatabase _database = new();

    private TokenService Service() => new(_database.CreateContext(), TimeProvider.System);

    private static CreateTokenRequest Request(string[] scopes, string[] owners, string name = "ci", DateTimeOffset? expires = null) =>
        new(name, [.. scopes], [.. owners], expires);

    [Fact]
    public async Task A_token_mints_tokens_no_stronger_and_no_wider_than_itself()
    {
        var weaker = await Service().CreateAsync(Writer, Request(["read"], ["acme"]));
        var stronger = await Service().CreateAsync(Writer, Request(["admin"], ["acme"]));
        var wider = await Service().CreateAsync(Writer, Request(["read"], ["*"]));

        Assert.Equal(TokenOutcome.Created, weaker.Outcome);
        Assert.StartsWith(TokenSecrets.Prefix, weaker.Created!.Token);
        Assert.Equal(["read"], weaker.Created.Info.Scopes);
        Assert.Equal(TokenOutcome.Forbidden, stronger.Outcome);
        Assert.Equal(TokenOutcome.Forbidden, wider.Outcome);
    }

    [Theory]
    [InlineData("", "read", "acme", "invalid_field")]
    [InlineData("ci", "owner", "acme", "invalid_scope")]
    [InlineData("ci", "read", "not a name", "invalid_field")]
    public async Task Invalid_requests_store_nothing(string name, string scope, string owner, string code)
    {
        var result = await Service().CreateAsync(Writer, Request([scope], [owner], name));
        var listed = await Service().ListAsync(Writer);

        Assert.Equal(TokenOutcome.Invalid, result.Outcome);
        Assert.Equal(code, result.Error!.Code);
        Assert.Empty(listed.Tokens!);
    }

    [Fact]
    public async Task Expiry_in_the_past_is_invalid()
    {
        var result = await Service().CreateAsync(Writer, Request(["read"], ["acme"], expires: DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal("invalid_field", result.Error!.Code);
    }

    [Fact]
    public async Task Anonymous_callers_manage_no_tokens()
    {
        Assert.Equal(TokenOutcome.Unauthenticated, (await Service().CreateAsync(Caller.Anonymous, Request(["read"], ["acme"]))).Outcome);
        Assert.Equal(TokenOutcome.Unauthenticated, (await Service().ListAsync(Caller.Anonymous)).Outcome);
        Assert.Equal(TokenOutcome.Unauthenticated, (await Service().RevokeAsync(Caller.Anonymous, 1)).Outcome);
    }

    [Fact]
    public async Task A_token_lists_and_revokes_the_tokens_it_created_but_not_others()
    {
        var other = new Caller("token:99", Writer.Scopes, Writer.Owners);
        var mine = (await Service().CreateAsync(Writer, Request(["read"], ["acme"]))).Created!.Info.Id;
        var theirs = (await Service().CreateAsync(other, Request(["read"], ["acme"]))).Created!.Info.Id;

        var listed = await Service().ListAsync(Writer);
        var revokeTheirs = await Service().RevokeAsync(Writer, theirs);
        var revokeMine = await Service().RevokeAsync(Writer, mine);

        Assert.Equal([mine], listed.Tokens!.Select(t => t.Id));
        Assert.Equal(TokenOutcome.NotFound, revokeTheirs.Outcome);
        Assert.Equal(TokenOutcome.Revoked, revokeMine.Outcome);
        Assert.NotNull((await Service().ListAsync(Writer)).Tokens!.Single().RevokedAt);
    }

    public void Dispose() => _database.Dispose();
}
