using System.Text.RegularExpressions;

namespace ModelHub.Core.Naming;

/// <summary>Rules for owner, repository and version names.</summary>
public static partial class Names
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>
    /// Owner and repository names: a letter or digit, then up to 63 of letters, digits, '.', '_' and '-'; not ending in '.'.
    /// </summary>
    public static bool IsValidName(string? name) =>
        name is not null && NameRegex().IsMatch(name) && !name.EndsWith('.') && !name.Contains("..");

    /// <summary>
    /// The form in which owner and repository names are unique: <c>Acme</c> and <c>acme</c> cannot both exist (names are
    /// ASCII, so lower case is a complete folding).
    /// </summary>
    public static string Normalize(string name) => name.ToLowerInvariant();

    /// <summary>Version tags such as <c>1.2.0</c> or <c>2026-11-22</c>; same alphabet as names.</summary>
    public static bool IsValidVersion(string? version) => version is not null && NameRegex().IsMatch(version);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
