namespace ModelHub.Core.Entities;

/// <summary>
/// A version waiting for (or under) validation. The queue lives in the database so it survives restarts, and a
/// lease lets several replicas share it: a worker claims a job with a conditional update, and a job whose lease
/// ran out (its worker died) is claimed again.
/// </summary>
public sealed class ValidationJob
{
    public long Id { get; set; }
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
