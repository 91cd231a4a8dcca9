using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Manifests;

/// <summary>
/// The signing keys kept in the database, shared by every replica: seeds encrypted by <see cref="SeedProtector"/>; the
/// newest row is the current key, older ones are previous keys. Row ids are chosen (1 for the first key, the highest
/// plus one for a rotation), so when replicas race only one insert wins and the others read it.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, SeedProtector protector, TimeProvider clock)
{
    /// <summary>Every key, newest first; creates the first one when there is none, and encrypts seeds stored in plaintext.</summary>
    public async Task<IReadOnlyList<ManifestKeyPair>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var rows = await db.SigningKeys.OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            // The first start: whichever replica inserts first provides the key; the others read it.
            await AddAsync(db, 1, cancellationToken);
            return await LoadAsync(cancellationToken);
        }

        // Servers before encryption at rest kept the seed in plaintext: encrypt it in place, keeping its id.
        foreach (var legacy in rows.Where(r => !SeedProtector.IsProtected(r.PrivateKey)))
        {
            legacy.PrivateKey = protector.Protect(Convert.FromBase64String(legacy.PrivateKey), legacy.KeyId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return rows.Select(r => ManifestKeyPair.FromSeed(protector.Unprotect(r.PrivateKey, r.KeyId), r.CreatedAt)).ToList();
    }

    /// <summary>Adds a new current key; false when another server added one at the same moment (theirs stands).</summary>
    public async Task<bool> RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var next = (await db.SigningKeys.MaxAsync(k => (long?)k.Id, cancellationToken) ?? 0) + 1;
        return await AddAsync(db, next, cancellationToken);
    }

    private async Task<bool> AddAsync(ModelHubDbContext db, long id, CancellationToken cancellationToken)
    {
        var key = ManifestKeyPair.Generate(clock.GetUtcNow());
        db.SigningKeys.Add(new SigningKey
        {
            Id = id,
            KeyId = key.KeyId,
            PrivateKey = protector.Protect(key.Private.GetEncoded(), key.KeyId),
            PublicKey = Convert.ToBase64String(key.Public),
            CreatedAt = key.CreatedAt!.Value,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
