namespace ModelHub.Core.Entities;

/// <summary>A model or dataset repository <c>owner/name</c> holding versions.</summary>
public sealed class Repository : Named
{
    public long Id { get; set; }
    public long OwnerId { get; set; }
    public Owner Owner { get; set; } = null!;

    public RepositoryKind Kind { get; set; }
    public string? Description { get; set; }
    public string? Card { get; set; }
    public List<string> Tags { get; set; } = [];
    public bool IsPrivate { get; set; }
    /// <summary>Per-model tier selection rules, as JSON, evaluated before the default choice.</summary>
    public string? SelectionRules { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<RepositoryVersion> Versions { get; set; } = [];
}
