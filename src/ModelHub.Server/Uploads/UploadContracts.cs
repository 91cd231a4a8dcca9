namespace ModelHub.Server.Uploads;

/// <summary>A verified blob.</summary>
public sealed record BlobInfo(string Digest, long Size);

/// <summary>The state of an upload session: the next chunk starts at <see cref="Offset"/>.</summary>
public sealed record UploadStatus(Guid Id, long Offset, string Location);
