namespace ModelHub.Contracts.Datasets;

/// <summary>One column of a table: its name, its DuckDB type (<c>BIGINT</c>, <c>VARCHAR[]</c> …) and its logical kind
/// (<see cref="ColumnKinds"/>).</summary>
public sealed record TableColumn(string Name, string Type, string Kind);
