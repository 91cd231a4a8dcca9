namespace ModelHub.Core.Selection;

/// <summary>
/// Tier precisions from the highest quality down, and the rank selection gives each when a tier declares no quality:
/// the one order the manifest, the catalog's filters and its lists share.
/// </summary>
public static class Precisions
{
    private static readonly (string Name, double Rank)[] Known =
    [
        ("fp32", 4),
        ("fp16", 3),
        ("bf16", 3),
        ("mixed", 2.5),
        ("int8", 2),
        ("int4", 1),
    ];

    /// <summary>The quality rank of <paramref name="precision"/>; 0 for one not listed.</summary>
    public static double Rank(string? precision) => Array.Find(Known, p => p.Name == precision).Rank;

    /// <summary>Where <paramref name="precision"/> sorts, highest quality first; those not listed come last.</summary>
    public static int Order(string? precision)
    {
        var index = Array.FindIndex(Known, p => p.Name == precision);
        return index < 0 ? Known.Length : index;
    }
}
