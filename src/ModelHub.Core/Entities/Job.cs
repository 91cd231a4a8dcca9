namespace ModelHub.Core.Entities;

/// <summary>
/// Work queued for a version (<see cref="JobKinds"/>: validate its ONNX files, index one of its tables, make its
/// thumbnails). The queue lives in the database so it survives restarts, and a lease lets several replicas share it: a
/// worker claims a job with a conditional update, and a job whose lease ran out (its worker died) is claimed again.
/// </summary>
public sealed class Job
{
    public long Id { get; set; }

    /// <summary>What to do: one of <see cref="JobKinds"/>; each kind has one handler.</summary>
    public required string Kind { get; set; }

    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;

    /// <summary>What in the version the job is about (a table's path), or empty for the whole version.</summary>
    public string Subject { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
