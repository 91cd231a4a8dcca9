using ModelHub.Core.Naming;

namespace ModelHub.Core.Entities;

/// <summary>
/// An entity whose name is unique ignoring case (owners, repositories): setting <see cref="Name"/> keeps
/// <see cref="NormalizedName"/>, the column the unique index is on, in step.
/// </summary>
public abstract class Named
{
    private string _name = "";

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
}
