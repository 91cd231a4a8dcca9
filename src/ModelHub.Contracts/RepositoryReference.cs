namespace ModelHub.Contracts;

/// <summary>
/// A repository, optionally at a version or a channel, as written on command lines and in lineage lists:
/// <c>owner/name</c>, <c>owner/name@1.2.0</c> (a version) or <c>owner/name:beta</c> (a channel); never both.
/// The parser checks the shape only (one <c>/</c>, no empty part, no spaces or control characters, no stray
/// <c>@ : /</c> in a part); whether the names are valid and exist is the server's answer.
/// </summary>
public sealed record RepositoryReference(string Owner, string Name, string? Version = null, string? Channel = null)
{
    private static readonly char[] Separators = ['@', ':'];

    /// <summary><c>owner/name</c>.</summary>
    public string Repository => Owner + "/" + Name;

    /// <summary>The reference, or <see cref="FormatException"/> saying what one looks like.</summary>
    public static RepositoryReference Parse(string text) =>
        TryParse(text, out var reference) ? reference! : throw new FormatException($"'{text}' is not owner/name[@version|:channel].");

    /// <summary>False when <paramref name="text"/> is not a reference by the rules above; never throws for bad text.</summary>
    public static bool TryParse(string? text, out RepositoryReference? reference)
    {
        reference = null;
        if (text is null)
        {
            return false;
        }

        var separator = text.IndexOfAny(Separators);
        var repository = separator < 0 ? text : text.Substring(0, separator);
        var tag = separator < 0 ? null : text.Substring(separator + 1);
        var slash = repository.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        var owner = repository.Substring(0, slash);
        var name = repository.Substring(slash + 1);
        if (!IsPart(owner) || !IsPart(name) || (tag is not null && !IsPart(tag)))
        {
            return false;
        }

        reference = separator < 0 ? new RepositoryReference(owner, name)
            : text[separator] == '@' ? new RepositoryReference(owner, name, Version: tag)
            : new RepositoryReference(owner, name, Channel: tag);
        return true;
    }

    /// <summary>The text it was parsed from, in canonical form.</summary>
    public override string ToString() =>
        Repository + (Version is not null ? "@" + Version : Channel is not null ? ":" + Channel : "");

    private static bool IsPart(string part)
    {
        if (part.Length == 0)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (c is '/' or '@' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
