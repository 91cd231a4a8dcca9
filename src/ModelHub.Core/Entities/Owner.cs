namespace ModelHub.Core.Entities;

/// <summary>A namespace for repositories (a person or a team); created with its first repository.</summary>
public sealed class Owner : Named
{
    public long Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<Repository> Repositories { get; set; } = [];
}
