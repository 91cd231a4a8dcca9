using ModelHub.Core.Entities;

namespace ModelHub.Server.Repositories;

/// <summary>The URL segment of each repository kind: <c>/v1/models/…</c> and <c>/v1/datasets/…</c>.</summary>
public static class RepositoryKinds
{
    /// <summary>What the kind segment may be.</summary>
    public const string Pattern = "^(models|datasets)$";

    /// <summary>The route template segment; the constraint keeps other words out.</summary>
    public const string RouteSegment = "{kind:regex(" + Pattern + ")}";

    public static RepositoryKind Parse(string segment) => segment switch
    {
        "models" => RepositoryKind.Model,
        "datasets" => RepositoryKind.Dataset,
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, "Unknown repository kind."),
    };

    public static string Segment(this RepositoryKind kind) => kind == RepositoryKind.Model ? "models" : "datasets";
}
