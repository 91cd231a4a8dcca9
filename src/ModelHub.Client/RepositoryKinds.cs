namespace ModelHub.Client;

/// <summary>The kinds of repository, as the API's paths spell them (<c>/v1/models/…</c>, <c>/v1/datasets/…</c>).</summary>
public static class RepositoryKinds
{
    public const string Models = "models";
    public const string Datasets = "datasets";

    /// <summary><paramref name="kind"/> when it is one of the two, else <see cref="ArgumentException"/>.</summary>
    public static string Check(string kind) =>
        kind is Models or Datasets ? kind : throw new ArgumentException($"'{kind}' is not {Models} or {Datasets}.", nameof(kind));
}
