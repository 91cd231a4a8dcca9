namespace ModelHub.Server.Web.Pages;

/// <summary>One tier of the shown version, as the variant table lists it.</summary>
public sealed record VariantRow(string Name, string Path, bool Reference, string? Precision, long Size, IReadOnlyList<string> Providers,
    long MemoryMb, string MemorySource, string Status, string? Reason, double? LatencyMs, string Agreement, long Downloads,
    long Lookups);
