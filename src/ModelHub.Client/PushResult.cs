using ModelHub.Contracts.Versions;

namespace ModelHub.Client;

/// <summary>
/// The outcome of a push: the version's state (a <see cref="VersionStates"/> value), the validation report's reason when
/// rejected, bytes actually sent and blobs the server already had, and the version as the server describes it.
/// </summary>
public sealed record PushResult(string State, string? Reason, long BytesUploaded, int BlobsSkipped, VersionDetail Version);
