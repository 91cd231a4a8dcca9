namespace ModelHub.Server.Auth;

/// <summary>Token scopes. <c>write</c> includes <c>read</c>; <c>admin</c> includes both and token management.</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string AllOwners = "*";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Read, Write, Admin]);

    /// <summary>How strong a scope is: a token holding a scope holds every weaker one too.</summary>
    public static int Rank(string scope) => scope switch
    {
        Admin => 3,
        Write => 2,
        Read => 1,
        _ => 0,
    };

    public static bool Covers(IEnumerable<string> held, string wanted) => held.Any(h => Rank(h) >= Rank(wanted));
}
