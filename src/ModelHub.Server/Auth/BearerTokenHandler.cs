using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;

namespace ModelHub.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the configured admin token and the token table.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> authOptions,
    ModelHubDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AdminSubject = "admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var secret = header[7..].Trim();
        var admin = authOptions.CurrentValue.AdminToken;
        if (!string.IsNullOrEmpty(admin) && TokenSecrets.FixedTimeEquals(secret, admin))
        {
            return Success(AdminSubject, [Scopes.Admin, Scopes.Write, Scopes.Read], [Scopes.AllOwners]);
        }

        var hash = TokenSecrets.Hash(secret);
        var token = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        return Success($"token:{token.Id}", token.Scopes, token.Owners);
    }

    private AuthenticateResult Success(string subject, IEnumerable<string> scopes, IEnumerable<string> owners)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject) };
        claims.AddRange(scopes.Select(s => new Claim(Caller.ScopeClaim, s)));
        claims.AddRange(owners.Select(o => new Claim(Caller.OwnerClaim, o)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
