namespace ModelHub.Datasets.Comparison;

/// <summary>
/// Two versions of a table to compare. With <paramref name="KeyColumn"/> rows are matched by key (unique in both) and
/// one page of row changes (<paramref name="Offset"/>, <paramref name="Length"/> ≤ 100, optionally only one
/// <paramref name="Kind"/> of <c>RowChangeKinds</c>) comes back; without, rows are compared whole. The label distribution
/// is compared on <paramref name="LabelColumn"/>, or on a column named like a label (label, class, category, target…)
/// that both versions have.
/// </summary>
public sealed record TableCompareRequest(
    string BasePath,
    string HeadPath,
    string? KeyColumn = null,
    string? LabelColumn = null,
    long Offset = 0,
    int Length = 100,
    string? Kind = null);
