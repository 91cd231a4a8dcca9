using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Server.Tests.Auth;

/// <summary>A token minted by a token is bounded by it: scopes, owners and expiry, and it dies with it.</summary>
public abstract class TokenTreeTests(ServerFixture server)
{
    private readonly string _owner = $"o{Guid.NewGuid():N}"[..12];

    private static async Task<HttpStatusCode> StatusWithAsync(ServerFixture server, string token)
    {
        using var client = server.CreateClient(token);
        using var response = await client.GetAsync("/v1/tokens");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_child_token_expires_with_its_parent_and_cannot_ask_to_outlive_it()
    {
        var parentExpiry = DateTimeOffset.UtcNow.AddHours(1);
        var (_, parent) = await server.Admin.CreateTokenAsync(["write"], [_owner], parentExpiry);
        using var parentClient = server.CreateClient(parent);

        using var child = await parentClient.PostAsJsonAsync(
            "/v1/tokens", new { name = "c", scopes = new[] { "read" }, owners = new[] { _owner } });
        using var longer = await parentClient.PostAsJsonAsync("/v1/tokens",
            new { name = "l", scopes = new[] { "read" }, owners = new[] { _owner }, expiresAt = parentExpiry.AddHours(1) });

        await child.ExpectAsync(HttpStatusCode.Created);
        var expires = (await child.JsonAsync()).GetProperty("info").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(parentExpiry.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());
        Assert.Equal("forbidden", await longer.ProblemCodeAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Revoking_a_token_revokes_what_it_minted_down_the_tree()
    {
        var (parentId, parent) = await server.Admin.CreateTokenAsync(["write"], [_owner]);
        using var parentClient = server.CreateClient(parent);
        var (childId, child) = await parentClient.CreateTokenAsync(["write"], [_owner]);
        using var childClient = server.CreateClient(child);
        var (_, grandchild) = await childClient.CreateTokenAsync(["read"], [_owner]);

        using var revoke = await server.Admin.DeleteAsync($"/v1/tokens/{parentId}");

        await revoke.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server, child));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server, grandchild));
        var listed = (await server.Admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/v1/tokens"))!;
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.Single(t => t.GetProperty("id").GetInt64() == childId)
            .GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task A_token_whose_parent_is_revoked_or_expired_no_longer_authenticates()
    {
        var (parentId, parent) = await server.Admin.CreateTokenAsync(["write"], [_owner]);
        using var parentClient = server.CreateClient(parent);
        var (_, child) = await parentClient.CreateTokenAsync(["read"], [_owner]);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server, child));

        // As a revocation racing the child's creation, or a tree from before parents were tracked, leaves it: only the parent.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            await db.Tokens.Where(t => t.Id == parentId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server, child));
    }

    [Fact]
    public async Task An_admin_over_an_owner_lists_and_revokes_the_tokens_over_that_owner_only()
    {
        var (_, ownerAdmin) = await server.Admin.CreateTokenAsync(["admin"], [_owner]);
        using var admin = server.CreateClient(ownerAdmin);
        var (over, _) = await server.Admin.CreateTokenAsync(["read"], [_owner]);
        var (wider, _) = await server.Admin.CreateTokenAsync(["read"], [_owner, "someone-else"]);
        var (elsewhere, _) = await server.Admin.CreateTokenAsync(["read"], ["someone-else"]);

        var listed = (await admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/v1/tokens"))!
            .Select(t => t.GetProperty("id").GetInt64()).ToList();
        using var revokeOver = await admin.DeleteAsync($"/v1/tokens/{over}");
        using var revokeWider = await admin.DeleteAsync($"/v1/tokens/{wider}");
        using var revokeElsewhere = await admin.DeleteAsync($"/v1/tokens/{elsewhere}");

        Assert.Contains(over, listed);
        Assert.DoesNotContain(wider, listed);
        Assert.DoesNotContain(elsewhere, listed);
        await revokeOver.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("token_not_found", await revokeWider.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal("token_not_found", await revokeElsewhere.ProblemCodeAsync(HttpStatusCode.NotFound));
    }
}

public sealed class TokenTreeTestsOnEmbedded(EmbeddedServerFixture server) : TokenTreeTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class TokenTreeTestsOnPostgresS3(ExternalServerFixture server) : TokenTreeTests(server), IClassFixture<ExternalServerFixture>;
