namespace ModelHub.Contracts.Datasets;

/// <summary>
/// A table of a dataset version and its indexing state (<see cref="TableStates"/>): pending until the server has read
/// it; indexed with its format, row count and columns; failed with <see cref="Error"/>, the reason the file could not be
/// read as a table. <see cref="Key"/> is the key column a commit declared, if any.
/// </summary>
public sealed record TableInfo(
    string Path,
    string State,
    string? Format,
    long? RowCount,
    IReadOnlyList<TableColumn>? Columns,
    string? Error,
    string? Key);

/// <summary>The values of <see cref="TableInfo.State"/>.</summary>
public static class TableStates
{
    public const string Pending = "pending";
    public const string Indexed = "indexed";
    public const string Failed = "failed";
}
