namespace ModelHub.Contracts.Uploads;

/// <summary>A verified blob.</summary>
public sealed record BlobInfo(string Digest, long Size);
