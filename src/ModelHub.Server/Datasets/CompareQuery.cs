namespace ModelHub.Server.Datasets;

/// <summary>What a compare asks beyond its two versions: which table (its path on either side; default: every table that
/// changed, up to <see cref="CompareService.MaxTables"/>), the key and label columns, and the page of row changes.</summary>
public sealed record CompareQuery(string? Table, string? Key, string? Label, long Offset, int Length, string? Change);
