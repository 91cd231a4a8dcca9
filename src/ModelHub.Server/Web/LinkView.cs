using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web;

public sealed record LinkView(RepositoryKind Kind, string Owner, string Name, string Version)
{
    public string Url => CatalogLinks.Repository(Kind, Owner, Name) + "?version=" + Uri.EscapeDataString(Version);

    public static LinkView Of(LineageEntry entry) => new(entry.Kind, entry.Owner, entry.Name, entry.Version);
}
