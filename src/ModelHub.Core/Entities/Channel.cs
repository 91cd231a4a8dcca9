namespace ModelHub.Core.Entities;

/// <summary>
/// A movable pointer (<c>stable</c>, <c>beta</c> …) to a published version of a repository, optionally with a second
/// version rolled out to a percentage of clients.
/// </summary>
public sealed class Channel
{
    /// <summary>The channel clients get when they name none (and Hugging Face's <c>main</c>).</summary>
    public const string Stable = "stable";

    public long Id { get; set; }
    public long RepositoryId { get; set; }
    public required string Name { get; set; }
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;
    public long? RolloutVersionId { get; set; }
    public RepositoryVersion? RolloutVersion { get; set; }
    public double RolloutPercent { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ChannelEvent> History { get; set; } = [];
}

/// <summary>One move of a channel: who, when, from what to what.</summary>
public sealed class ChannelEvent
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public string? FromVersion { get; set; }
    public required string ToVersion { get; set; }
    public string? RolloutVersion { get; set; }
    public double RolloutPercent { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
