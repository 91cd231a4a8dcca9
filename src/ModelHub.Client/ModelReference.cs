using ModelHub.Contracts;

namespace ModelHub.Client;

/// <summary>
/// <c>owner/name</c>, <c>owner/name@1.2.0</c> (a version) or <c>owner/name:beta</c> (a channel; default <c>stable</c>).
/// Parsing is <see cref="RepositoryReference"/>'s, shared with the server; this type adds what the manifest needs (the default
/// channel, the query) and keeps the SDK's signatures stable.
/// </summary>
public sealed record ModelReference(string Repository, string? Version = null, string? Channel = null)
{
    public const string DefaultChannel = "stable";

    public static ModelReference Parse(string text) => From(RepositoryReference.Parse(text));

    public static ModelReference From(RepositoryReference reference) => new(reference.Repository, reference.Version, reference.Channel);

    /// <summary>The manifest query naming the version or channel.</summary>
    public string Query => Version is not null
        ? $"version={Uri.EscapeDataString(Version)}"
        : $"channel={Uri.EscapeDataString(Channel ?? DefaultChannel)}";

    public string Label => Version is not null ? $"@{Version}" : $":{Channel ?? DefaultChannel}";

    public override string ToString() => Repository + Label;
}
