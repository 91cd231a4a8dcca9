using ModelHub.Contracts.Versions;

namespace ModelHub.Contracts.Datasets;

/// <summary>
/// A new dataset version made from <see cref="Parent"/> with changes: files added (uploaded blobs, as in a version
/// request) and removed, and per keyed table rows upserted and deleted. <see cref="Version"/> defaults to the parent's
/// name with its last number increased (<c>3</c> → <c>4</c>, <c>1.2.0</c> → <c>1.2.1</c>).
/// </summary>
public sealed record CreateCommitRequest(
    string? Parent,
    string? Version = null,
    string? Notes = null,
    List<FileEntry>? Add = null,
    List<string>? Remove = null,
    List<TableEdit>? Tables = null);

/// <summary>
/// Row edits of one table of the parent (<see cref="Path"/>) by its key column (<see cref="Key"/>, else the key an
/// earlier commit declared): <see cref="Upserts"/> is an uploaded CSV, TSV, JSONL or Parquet file of edited or new rows
/// (the key plus any columns); <see cref="Deletes"/> an uploaded text file of keys to delete, one per line.
/// </summary>
public sealed record TableEdit(string? Path, string? Key = null, EditFile? Upserts = null, EditFile? Deletes = null);

/// <summary>An uploaded blob holding edits; <see cref="Format"/> is <c>csv</c>, <c>tsv</c>, <c>jsonl</c> or <c>parquet</c>
/// for upserts (ignored for deletes).</summary>
public sealed record EditFile(string? Digest, long? Size, string? Format = null);
