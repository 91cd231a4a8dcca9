using ModelHub.Core.Entities;

namespace ModelHub.Server.Web;

public static class CatalogLinks
{
    public static string Repository(RepositoryKind kind, string owner, string name) =>
        $"/{(kind == RepositoryKind.Dataset ? "datasets" : "models")}/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
}
