namespace ModelHub.Client;

/// <summary><c>owner/name</c>, <c>owner/name@1.2.0</c> (a version) or <c>owner/name:beta</c> (a channel; default <c>stable</c>).</summary>
public sealed record ModelReference(string Repository, string? Version = null, string? Channel = null)
{
    public static ModelReference Parse(string text)
    {
        var at = text.IndexOf('@');
        var colon = text.IndexOf(':');
        var reference = at >= 0 ? new ModelReference(text.Substring(0, at), Version: text.Substring(at + 1))
            : colon >= 0 ? new ModelReference(text.Substring(0, colon), Channel: text.Substring(colon + 1))
            : new ModelReference(text);
        if (reference.Repository.Split('/').Length != 2 || reference.Repository.StartsWith('/') || reference.Repository.EndsWith('/'))
        {
            throw new FormatException($"'{text}' is not owner/name[@version|:channel].");
        }

        return reference;
    }

    /// <summary>The manifest query naming the version or channel.</summary>
    public string Query => Version is not null ? $"version={Uri.EscapeDataString(Version)}" : $"channel={Uri.EscapeDataString(Channel ?? "stable")}";

    public string Label => Version is not null ? $"@{Version}" : $":{Channel ?? "stable"}";

    public override string ToString() => Repository + Label;
}
