namespace ModelHub.Server.Auth;

/// <summary>Token scopes. <c>write</c> includes <c>read</c>; <c>admin</c> includes both and token management.</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string AllOwners = "*";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Read, Write, Admin]);
}
