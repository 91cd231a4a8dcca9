namespace ModelHub.Datasets.Rows;

/// <summary>
/// A page of rows: <paramref name="Offset"/> counts matching rows (all rows without a filter or search);
/// <paramref name="Length"/> is 1 to <see cref="MaxLength"/>; <paramref name="Columns"/> picks and orders columns
/// (all when null); <paramref name="Filter"/> is the filter grammar of <c>docs/datasets.md</c>; <paramref name="Search"/>
/// a case-insensitive text to find in any text column.
/// </summary>
public sealed record RowsRequest(
    long Offset = 0,
    int Length = RowsRequest.MaxLength,
    IReadOnlyList<string>? Columns = null,
    string? Filter = null,
    string? Search = null)
{
    public const int MaxLength = 100;
}
