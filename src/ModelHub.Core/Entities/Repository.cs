using ModelHub.Core.Naming;

namespace ModelHub.Core.Entities;

/// <summary>A model or dataset repository <c>owner/name</c> holding versions.</summary>
public sealed class Repository
{
    private string _name = "";

    public long Id { get; set; }
    public long OwnerId { get; set; }
    public Owner Owner { get; set; } = null!;

    public required string Name
    {
        get => _name;
        set
        {
            _name = value;
            NormalizedName = Names.Normalize(value);
        }
    }

    /// <summary>The name as it is unique: ignoring case (see <see cref="Names.Normalize"/>).</summary>
    public string NormalizedName { get; private set; } = "";

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
