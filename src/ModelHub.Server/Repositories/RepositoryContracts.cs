using ModelHub.Contracts.Repositories;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Repositories;

public static class RepositoryMapping
{
    public static RepositoryInfo AsInfo(this Repository r, string ownerName, string? latestVersion, bool withCard = true) =>
        new(r.Kind.Segment(), ownerName, r.Name, r.Description, withCard ? r.Card : null, r.Tags, r.IsPrivate, r.CreatedAt, r.UpdatedAt,
            latestVersion, withCard && r.SelectionRules is not null ? SelectionRules.Read(r.SelectionRules) : null);
}
