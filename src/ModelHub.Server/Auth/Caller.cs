using System.Security.Claims;

namespace ModelHub.Server.Auth;

/// <summary>Who is asking, and what their token allows: built from the authenticated principal.</summary>
public sealed record Caller(string? Subject, IReadOnlySet<string> Scopes, IReadOnlySet<string> Owners)
{
    public const string ScopeClaim = "scope";
    public const string OwnerClaim = "owner";

    public static readonly Caller Anonymous = new(null, new HashSet<string>(), new HashSet<string>());

    public const string TokenSubjectPrefix = "token:";

    public bool IsAuthenticated => Subject is not null;

    /// <summary>The id of the stored token the caller authenticated with; null for anonymous callers and the bootstrap token.</summary>
    public long? TokenId => Subject is { } subject && subject.StartsWith(TokenSubjectPrefix, StringComparison.Ordinal)
        && long.TryParse(subject.AsSpan(TokenSubjectPrefix.Length), out var id) ? id : null;

    public bool IsSuperAdmin => Scopes.Contains(Auth.Scopes.Admin) && Owners.Contains(Auth.Scopes.AllOwners);

    public bool CoversOwner(string owner) => Owners.Contains(Auth.Scopes.AllOwners) || Owners.Contains(owner);

    /// <summary>May read private repositories of <paramref name="owner"/> (public ones are readable by all).</summary>
    public bool CanRead(string owner) => CoversOwner(owner) && Scopes.Count > 0;

    public bool CanWrite(string owner) => CoversOwner(owner) && (Scopes.Contains(Auth.Scopes.Write) || Scopes.Contains(Auth.Scopes.Admin));

    /// <summary>May upload blobs (which belong to no owner until a version references them).</summary>
    public bool CanUpload => Scopes.Contains(Auth.Scopes.Write) || Scopes.Contains(Auth.Scopes.Admin);

    public static Caller From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        return new Caller(
            principal.FindFirstValue(ClaimTypes.NameIdentifier),
            principal.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(),
            principal.FindAll(OwnerClaim).Select(c => c.Value).ToHashSet());
    }
}
