using System.Globalization;
using ModelHub.Contracts;

namespace ModelHub.Client;

/// <summary>Every API path the SDK calls, built in one place with each segment escaped.</summary>
internal static class ApiPaths
{
    public const string Tokens = "/v1/tokens";
    public const string Uploads = "/v1/uploads";
    public const string ManifestKey = "/.well-known/modelhub-manifest-key";

    public static string Repositories(string kind) => "/v1/" + RepositoryKinds.Check(kind);

    /// <summary><c>/v1/{kind}/{owner}/{name}</c>; <paramref name="repository"/> is <c>owner/name</c>.</summary>
    public static string Repository(string kind, string repository)
    {
        var parsed = RepositoryReference.Parse(repository);
        if (parsed.Version is not null || parsed.Channel is not null)
        {
            throw new FormatException($"'{repository}' names a version or channel where a repository (owner/name) is expected.");
        }

        return $"{Repositories(kind)}/{Segment(parsed.Owner)}/{Segment(parsed.Name)}";
    }

    public static string Versions(string kind, string repository) => Repository(kind, repository) + "/versions";

    public static string Version(string kind, string repository, string version) => Versions(kind, repository) + "/" + Segment(version);

    public static string Channels(string repository) => Repository(RepositoryKinds.Models, repository) + "/channels";

    public static string Channel(string repository, string channel) => Channels(repository) + "/" + Segment(channel);

    public static string Manifest(string repository) => Repository(RepositoryKinds.Models, repository) + "/manifest";

    public static string Token(long id) => Tokens + "/" + id.ToString(CultureInfo.InvariantCulture);

    public static string Blob(string digest) => "/v1/blobs/" + Segment(digest);

    /// <summary>A query string (without <c>?</c>) of the pairs whose value is not null, each escaped.</summary>
    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join("&", pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    private static string Segment(string value) =>
        value.Length > 0 ? Uri.EscapeDataString(value) : throw new FormatException("An empty path segment.");
}
