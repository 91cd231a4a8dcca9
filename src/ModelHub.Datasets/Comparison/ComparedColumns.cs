using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Comparison;

/// <summary>The columns two versions share (compared), those only one of them has, and those whose type changed.</summary>
internal sealed record ComparedColumns(
    IReadOnlyList<TableColumn> Common,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlySet<string> Retyped)
{
    private static readonly string[] LabelNames = ["label", "labels", "class", "category", "target", "y", "tag", "sentiment"];

    public static ComparedColumns Of(TableSource @base, TableSource head)
    {
        var headTypes = head.Columns.ToDictionary(c => c.Name, c => c.Type);
        var baseNames = @base.Columns.Select(c => c.Name).ToHashSet();
        var common = @base.Columns.Where(c => headTypes.ContainsKey(c.Name)).ToList();
        return new ComparedColumns(
            common,
            [.. head.Columns.Where(c => !baseNames.Contains(c.Name)).Select(c => c.Name)],
            [.. @base.Columns.Where(c => !headTypes.ContainsKey(c.Name)).Select(c => c.Name)],
            common.Where(c => headTypes[c.Name] != c.Type).Select(c => c.Name).ToHashSet());
    }

    /// <summary>A hash of a row's shared columns; a column whose type changed is hashed as text on both sides.</summary>
    public string RowHash()
    {
        var parts = Common.Select(c => Retyped.Contains(c.Name) ? $"CAST({Sql.Identifier(c.Name)} AS VARCHAR)" : Sql.Identifier(c.Name));
        return Common.Count == 0 ? "0" : $"hash({string.Join(", ", parts)})";
    }

    public string? DetectLabel() => Common
        .Where(c => c.Kind is ColumnKinds.Text or ColumnKinds.Boolean or ColumnKinds.Integer)
        .FirstOrDefault(c => LabelNames.Contains(c.Name.ToLowerInvariant()))?.Name;
}
