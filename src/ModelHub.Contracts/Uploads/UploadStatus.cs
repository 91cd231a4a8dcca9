namespace ModelHub.Contracts.Uploads;

/// <summary>The state of an upload session: the next chunk starts at <see cref="Offset"/>.</summary>
public sealed record UploadStatus(Guid Id, long Offset, string Location);
