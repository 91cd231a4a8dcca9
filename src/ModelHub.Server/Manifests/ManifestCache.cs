using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Keeps the manifest hot path off the database. A repository snapshot (visibility, rules, channels) lives a few
/// seconds and is dropped at once when this server changes it; other replicas see changes within that time.
/// Published versions never change, so their tiers are kept longer, and a signed manifest body is kept per
/// (version, channel state, device profile): identical questions get the identical, already-signed answer.
/// </summary>
public sealed class ManifestCache(IMemoryCache cache, IServiceScopeFactory scopes)
{
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan VersionLifetime = TimeSpan.FromMinutes(10);

    public sealed record ChannelSnapshot(long VersionId, long? RolloutVersionId, string? RolloutVersionName, double RolloutPercent);

    public sealed record RepositorySnapshot(long Id, bool IsPrivate, IReadOnlyList<SelectionRule> Rules, string RulesStamp,
        IReadOnlyDictionary<string, ChannelSnapshot> Channels, IReadOnlyDictionary<string, long> PublishedVersions);

    public sealed record VersionSnapshot(RepositoryVersion Version, IReadOnlyList<ManifestBuilder.Tier> Tiers);

    public sealed record SignedManifest(byte[] Body, string ETag, string Signature, string ChosenVariant);

    public async Task<RepositorySnapshot?> GetRepositoryAsync(string owner, string name, CancellationToken cancellationToken)
    {
        var idKey = $"manifest:id:{owner}/{name}";
        if (!cache.TryGetValue(idKey, out long? id))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            id = await db.Repositories.Where(r => r.Kind == RepositoryKind.Model && r.Name == name && r.Owner.Name == owner)
                .Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);
            cache.Set(idKey, id, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = SnapshotLifetime, Size = 1 });
        }

        return id is { } found ? await GetSnapshotAsync(found, cancellationToken) : null;
    }

    public async Task<VersionSnapshot> GetVersionAsync(long versionId, CancellationToken cancellationToken)
    {
        var key = $"manifest:version:{versionId}";
        if (cache.TryGetValue(key, out VersionSnapshot? snapshot))
        {
            return snapshot!;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var version = await db.Versions.AsNoTracking().AsSplitQuery().Include(v => v.Files).Include(v => v.Variants)
            .SingleAsync(v => v.Id == versionId, cancellationToken);
        snapshot = new VersionSnapshot(version, ManifestBuilder.Tiers(version));
        cache.Set(key, snapshot, new MemoryCacheEntryOptions { SlidingExpiration = VersionLifetime, Size = 1 });
        return snapshot;
    }

    public bool TryGetManifest(string key, out SignedManifest? manifest) => cache.TryGetValue($"manifest:body:{key}", out manifest);

    public void SetManifest(string key, SignedManifest manifest) =>
        cache.Set($"manifest:body:{key}", manifest, new MemoryCacheEntryOptions { SlidingExpiration = VersionLifetime, Size = 1 });

    /// <summary>Forgets what this server knows of a repository, after it changed it.</summary>
    public void Invalidate(long repositoryId) => cache.Remove($"manifest:repo:{repositoryId}");

    public void Invalidate(string owner, string name) => cache.Remove($"manifest:id:{owner}/{name}");

    private async Task<RepositorySnapshot?> GetSnapshotAsync(long id, CancellationToken cancellationToken)
    {
        var key = $"manifest:repo:{id}";
        if (cache.TryGetValue(key, out RepositorySnapshot? snapshot))
        {
            return snapshot;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var repository = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (repository is null)
        {
            return null;
        }

        var channels = await db.Channels.AsNoTracking().Where(c => c.RepositoryId == id)
            .Select(c => new { c.Name, c.VersionId, c.RolloutVersionId, RolloutName = c.RolloutVersion == null ? null : c.RolloutVersion.Name, c.RolloutPercent })
            .ToListAsync(cancellationToken);
        var published = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == id && v.State == VersionState.Published)
            .Select(v => new { v.Name, v.Id }).ToDictionaryAsync(v => v.Name, v => v.Id, cancellationToken);
        var rules = repository.SelectionRules is null ? [] : JsonSerializer.Deserialize<List<SelectionRule>>(repository.SelectionRules, JsonSerializerOptions.Web) ?? [];
        snapshot = new RepositorySnapshot(id, repository.IsPrivate, rules, repository.SelectionRules ?? "",
            channels.ToDictionary(c => c.Name, c => new ChannelSnapshot(c.VersionId, c.RolloutVersionId, c.RolloutName, c.RolloutPercent)), published);
        cache.Set(key, snapshot, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = SnapshotLifetime, Size = 1 });
        return snapshot;
    }
}
