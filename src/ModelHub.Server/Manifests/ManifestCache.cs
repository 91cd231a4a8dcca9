using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Keeps the manifest hot path off the database. A repository snapshot (visibility, rules, channels) lives a few
/// seconds and is dropped at once on a <see cref="IRepositoryChanges">repository change</see>; with the in-process
/// notifier other replicas see changes within that time.
/// Published versions never change, so their tiers are kept longer, and a signed manifest body is kept per
/// (version, channel state, device profile): identical questions get the identical, already-signed answer.
/// When an entry expires under load, one request reloads it and the others arriving meanwhile wait for that load
/// instead of each querying the database (no stampede every few seconds, which showed as p99 spikes).
/// </summary>
public sealed class ManifestCache : IDisposable
{
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan VersionLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _loading = new();
    private readonly IMemoryCache _cache;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDisposable _subscription;
    private long _generation;

    public ManifestCache(IMemoryCache cache, IServiceScopeFactory scopes, IRepositoryChanges changes)
    {
        (_cache, _scopes) = (cache, scopes);
        _subscription = changes.Subscribe(Forget);
    }

    public sealed record ChannelSnapshot(long VersionId, long? RolloutVersionId, string? RolloutVersionName, double RolloutPercent);

    public sealed record RepositorySnapshot(long Id, bool IsPrivate, IReadOnlyList<SelectionRule> Rules, string RulesStamp,
        IReadOnlyDictionary<string, ChannelSnapshot> Channels, IReadOnlyDictionary<string, long> PublishedVersions);

    public sealed record VersionSnapshot(RepositoryVersion Version, IReadOnlyList<Tier> Tiers);

    public sealed record SignedManifest(byte[] Body, string ETag, string Signature, string ChosenVariant);

    public async Task<RepositorySnapshot?> GetRepositoryAsync(string owner, string name, CancellationToken cancellationToken)
    {
        var id = await GetOrLoadAsync($"manifest:id:{owner}/{name}", Absolute(SnapshotLifetime), (db, ct) =>
            db.Repositories.Where(r => r.Kind == RepositoryKind.Model && r.Name == name && r.Owner.Name == owner)
                .Select(r => (long?)r.Id).SingleOrDefaultAsync(ct), cancellationToken);
        return id is { } found ? await GetSnapshotAsync(found, cancellationToken) : null;
    }

    public Task<VersionSnapshot> GetVersionAsync(long versionId, CancellationToken cancellationToken) =>
        GetOrLoadAsync($"manifest:version:{versionId}", Sliding(VersionLifetime), async (db, ct) =>
        {
            var version = await db.Versions.AsNoTracking().AsSplitQuery().Include(v => v.Files).Include(v => v.Variants)
                .SingleAsync(v => v.Id == versionId, ct);
            return new VersionSnapshot(version, VersionTiers.From(version, ValidationReports.Read(version)));
        }, cancellationToken);

    public bool TryGetManifest(string key, out SignedManifest? manifest) => _cache.TryGetValue($"manifest:body:{key}", out manifest);

    public void SetManifest(string key, SignedManifest manifest) =>
        _cache.Set($"manifest:body:{key}", manifest, Sliding(VersionLifetime));

    public void Dispose() => _subscription.Dispose();

    /// <summary>
    /// Forgets what this server knows of a changed repository: its snapshot, and which id its name has (a repository
    /// created, or deleted and created again, under a name looked up before). Signed bodies are keyed by the state they
    /// came from, so they need no forgetting.
    /// </summary>
    private void Forget(RepositoryChange change)
    {
        // A load already under way may have read the state before the change: it must not put that back.
        Interlocked.Increment(ref _generation);
        _cache.Remove($"manifest:repo:{change.RepositoryId}");
        _cache.Remove($"manifest:id:{change.Owner}/{change.Name}");
    }

    private static MemoryCacheEntryOptions Absolute(TimeSpan lifetime) => new() { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 };

    private static MemoryCacheEntryOptions Sliding(TimeSpan lifetime) => new() { SlidingExpiration = lifetime, Size = 1 };

    /// <summary>The cached value, or one shared load of it: concurrent misses of a key wait for the same query.</summary>
    private async Task<T> GetOrLoadAsync<T>(string key, MemoryCacheEntryOptions options,
        Func<ModelHubDbContext, CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(key, out T? cached))
        {
            return cached!;
        }

        var loading = _loading.GetOrAdd(key, static (_, state) => state, new Lazy<Task<object?>>(async () =>
        {
            try
            {
                var generation = Interlocked.Read(ref _generation);
                await using var scope = _scopes.CreateAsyncScope();
                // Not the caller's token: others wait on this load, and one of them going away must not fail it for all.
                var value = await load(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>(), CancellationToken.None);
                if (Interlocked.Read(ref _generation) == generation)
                {
                    _cache.Set(key, value, options);
                }

                return value;
            }
            finally
            {
                _loading.TryRemove(key, out _);
            }
        }));
        return (T)(await loading.Value.WaitAsync(cancellationToken))!;
    }

    private Task<RepositorySnapshot?> GetSnapshotAsync(long id, CancellationToken cancellationToken) =>
        GetOrLoadAsync($"manifest:repo:{id}", Absolute(SnapshotLifetime), async (db, ct) =>
        {
            var repository = await db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
            if (repository is null)
            {
                return null;
            }

            var channels = await db.Channels.AsNoTracking().Where(c => c.RepositoryId == id)
                .Select(c => new
                {
                    c.Name,
                    c.VersionId,
                    c.RolloutVersionId,
                    RolloutName = c.RolloutVersion == null ? null : c.RolloutVersion.Name,
                    c.RolloutPercent,
                })
                .ToListAsync(ct);
            var published = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == id && v.State == VersionState.Published)
                .Select(v => new { v.Name, v.Id }).ToDictionaryAsync(v => v.Name, v => v.Id, ct);
            var rules = repository.SelectionRules is null
                ? []
                : JsonSerializer.Deserialize<List<SelectionRule>>(repository.SelectionRules, JsonSerializerOptions.Web) ?? [];
            return new RepositorySnapshot(id, repository.IsPrivate, rules, repository.SelectionRules ?? "",
                channels.ToDictionary(c => c.Name,
                    c => new ChannelSnapshot(c.VersionId, c.RolloutVersionId, c.RolloutName, c.RolloutPercent)),
                published);
        }, cancellationToken);
}
