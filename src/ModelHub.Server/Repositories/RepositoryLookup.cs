using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Repositories;

public static class RepositoryLookup
{
    /// <summary>
    /// The repository <paramref name="owner"/>/<paramref name="name"/> of <paramref name="kind"/> with its owner loaded,
    /// or null when it does not exist or is private and the caller may not read it (the two look the same).
    /// </summary>
    public static Task<Repository?> FindReadableAsync(
        this ModelHubDbContext db, RepositoryKind kind, string owner, string name, Caller caller, bool tracking = false,
        CancellationToken cancellationToken = default)
    {
        var query = tracking ? db.Repositories : db.Repositories.AsNoTracking();
        return query.ReadableBy(caller).Include(r => r.Owner)
            .SingleOrDefaultAsync(r => r.Kind == kind && r.Name == name && r.Owner.Name == owner, cancellationToken);
    }
}
