using ModelHub.Contracts.Datasets;

namespace ModelHub.Server.Web;

/// <summary>Which column of a table the viewer filters by and draws bars for: one named like a label, else the first
/// categorical text column.</summary>
public static class LabelColumns
{
    private static readonly string[] Names = ["label", "labels", "class", "category", "target", "y", "tag", "sentiment"];

    public static ColumnStatistics? Find(TableSummary summary) =>
        summary.Statistics.Where(s => s.Values is { Count: > 0 })
            .OrderBy(s => Names.Contains(s.Name, StringComparer.OrdinalIgnoreCase) ? 0 : s.Kind == ColumnKinds.Text ? 1 : 2)
            .FirstOrDefault();
}
