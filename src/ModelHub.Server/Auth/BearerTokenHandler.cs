using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;

namespace ModelHub.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the configured admin token and the token table (a token
/// acts only while the tokens above it do, see <see cref="TokenAccess"/>); each failure counts towards the client's throttle.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> authOptions,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AdminSubject = "admin";

    /// <summary>
    /// The web catalog's sign-in cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, holding the token the user signed in with.
    /// </summary>
    public const string CookieName = "modelhub_token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            // Signed in on the web catalog: the cookie counts for reads anywhere and for the pages' own forms (which
            // carry antiforgery tokens), never for API writes, so a cross-site form cannot act with it.
            if (Request.Cookies.TryGetValue(CookieName, out var cookie) && cookie.Length > 0
                && (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method)
                    || !Request.Path.StartsWithSegments("/v1")))
            {
                var fromCookie = await AuthenticateSecretAsync(cookie);
                return fromCookie.Succeeded ? fromCookie : AuthenticateResult.NoResult();
            }

            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            Throttle.RecordFailure(FailedAuthenticationThrottle.ClientOf(Context));
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        return await AuthenticateSecretAsync(header[7..].Trim());
    }

    private FailedAuthenticationThrottle Throttle => Context.RequestServices.GetRequiredService<FailedAuthenticationThrottle>();

    // The database context is resolved only when there is a token to look up: anonymous reads (manifests, downloads)
    // are the hot path, and building a DbContext for each of them cost more than the rest of the pipeline.
    private async Task<AuthenticateResult> AuthenticateSecretAsync(string secret)
    {
        var db = Context.RequestServices.GetRequiredService<ModelHubDbContext>();
        if (await ValidateAsync(secret, authOptions.CurrentValue, db, clock, Context.RequestAborted) is { } principal)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }

        // Every failed guess counts towards the client's throttle (see FailedAuthenticationThrottle).
        Throttle.RecordFailure(FailedAuthenticationThrottle.ClientOf(Context));
        return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
    }

    /// <summary>The caller a token secret stands for, or null when it is unknown, revoked or expired.</summary>
    public static async Task<ClaimsPrincipal?> ValidateAsync(string secret, AuthOptions options, ModelHubDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var admin = options.AdminToken;
        if (!string.IsNullOrEmpty(admin) && TokenSecrets.FixedTimeEquals(secret, admin))
        {
            return Principal(AdminSubject, [Scopes.Admin, Scopes.Write, Scopes.Read], [Scopes.AllOwners]);
        }

        var hash = TokenSecrets.Hash(secret);
        var now = clock.GetUtcNow();
        var token = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now
            || !await TokenAccess.AncestorsActiveAsync(db, token, now, cancellationToken))
        {
            return null;
        }

        return Principal($"token:{token.Id}", token.Scopes, token.Owners);
    }

    private static ClaimsPrincipal Principal(string subject, IEnumerable<string> scopes, IEnumerable<string> owners)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject) };
        claims.AddRange(scopes.Select(s => new Claim(Caller.ScopeClaim, s)));
        claims.AddRange(owners.Select(o => new Claim(Caller.OwnerClaim, o)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
