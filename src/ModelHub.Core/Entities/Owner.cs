using ModelHub.Core.Naming;

namespace ModelHub.Core.Entities;

/// <summary>A namespace for repositories (a person or a team); created with its first repository.</summary>
public sealed class Owner
{
    private string _name = "";

    public long Id { get; set; }

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

    public DateTimeOffset CreatedAt { get; set; }
    public List<Repository> Repositories { get; set; } = [];
}
