namespace ModelHub.Client;

/// <summary>Progress of one file: bytes done of total, for progress bars.</summary>
public sealed record TransferProgress(string Path, long Done, long Total, bool Skipped = false);
