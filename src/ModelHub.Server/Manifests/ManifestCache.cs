using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Keeps the manifest hot path off the database. A repository snapshot (visibility, rules, channels) lives a few
/// seconds and is dropped at once on a <see cref="IRepositoryChanges">repository change</see>; with the in-process
/// notifier other replicas see changes within that time.
/// Published versions never change, so their tiers are kept longer, and a signed manifest body is kept per question
/// (version, channel state, rules, and the device in its canonical form, without the client id) until half its
/// validity passed: identical questions get the identical, already-signed answer. The bodies live in a cache of their
/// own bounded in bytes (<see cref="ManifestOptions.CacheMegabytes"/>), so clients naming ever new devices
/// (<c>memory=4097</c>, <c>4098</c> …) cost a signature each but can only push older bodies out, never grow memory.
/// When an entry expires under load, one request reloads it and the others arriving meanwhile wait for that load
/// instead of each querying the database (no stampede every few seconds, which showed as p99 spikes).
/// </summary>
public sealed class ManifestCache : IDisposable
{
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan VersionLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _loading = new();
    private readonly IMemoryCache _cache;
    private readonly MemoryCache _bodies;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDisposable _subscription;
    private readonly TimeProvider _clock;
    private long _generation;

    public ManifestCache(IMemoryCache cache, IServiceScopeFactory scopes, IRepositoryChanges changes, TimeProvider clock,
        IOptions<ManifestOptions> options)
    {
        (_cache, _scopes, _clock) = (cache, scopes, clock);
        _bodies = new MemoryCache(
            new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024, TrackStatistics = true });
        _subscription = changes.Subscribe(Forget);
    }

    public sealed record ChannelSnapshot(long VersionId, long? RolloutVersionId, string? RolloutVersionName, double RolloutPercent);

    /// <summary>A repository's state as manifests need it; <paramref name="EvaluationsStamp"/> changes when an evaluation of
    /// one of its versions succeeds (it may reorder that version's tiers).</summary>
    public sealed record RepositorySnapshot(long Id, bool IsPrivate, IReadOnlyList<SelectionRule> Rules, string RulesStamp,
        IReadOnlyDictionary<string, ChannelSnapshot> Channels, IReadOnlyDictionary<string, long> PublishedVersions,
        string EvaluationsStamp = "");

    /// <summary>A published version's tiers; <paramref name="QualityExplanation"/> says which evaluation measured their quality
    /// order, and by what.</summary>
    public sealed record VersionSnapshot(RepositoryVersion Version, IReadOnlyList<Tier> Tiers, string? QualityExplanation = null);

    /// <summary>A signed body, the tier it chose, and when it is to be signed again (half its validity).</summary>
    public sealed record SignedManifest(byte[] Body, string ETag, string Signature, string ChosenVariant, DateTimeOffset RefreshAt);

    public async Task<RepositorySnapshot?> GetRepositoryAsync(string owner, string name, CancellationToken cancellationToken)
    {
        var id = await GetOrLoadAsync($"manifest:id:{owner}/{name}", Absolute(SnapshotLifetime), (db, ct) =>
            db.Repositories.Where(r => r.Kind == RepositoryKind.Model && r.Name == name && r.Owner.Name == owner)
                .Select(r => (long?)r.Id).SingleOrDefaultAsync(ct), cancellationToken);
        return id is { } found ? await GetSnapshotAsync(found, cancellationToken) : null;
    }

    /// <summary>The version's tiers, ordered by the evaluations <paramref name="evaluationsStamp"/> stands for (none when
    /// empty).</summary>
    public Task<VersionSnapshot> GetVersionAsync(long versionId, string evaluationsStamp, CancellationToken cancellationToken) =>
        GetOrLoadAsync($"manifest:version:{versionId}:{evaluationsStamp}", Sliding(VersionLifetime), async (db, ct) =>
        {
            var version = await db.Versions.AsNoTracking().AsSplitQuery().Include(v => v.Files).Include(v => v.Variants)
                .SingleAsync(v => v.Id == versionId, ct);
            var tiers = VersionTiers.From(version, ValidationReports.Read(version));
            if (evaluationsStamp.Length == 0)
            {
                return new VersionSnapshot(version, tiers);
            }

            var (measured, explanation) = await MeasuredQuality.ApplyAsync(db, version, tiers, ct);
            return new VersionSnapshot(version, measured, explanation);
        }, cancellationToken);

    /// <summary>The body signed for this question, while it is fresh enough to hand out.</summary>
    public bool TryGetManifest(string key, out SignedManifest? manifest) =>
        _bodies.TryGetValue(key, out manifest) && manifest!.RefreshAt > _clock.GetUtcNow();

    public void SetManifest(string key, SignedManifest manifest) => _bodies.Set(key, manifest, new MemoryCacheEntryOptions
    {
        // The body, its signature and key, and the entry itself.
        Size = manifest.Body.Length + (key.Length * 2) + 512,
        SlidingExpiration = VersionLifetime,
    });

    /// <summary>How many signed bodies are held and the bytes they count for (for tests and diagnostics).</summary>
    public (long Count, long Bytes) BodyUsage => (_bodies.Count, _bodies.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0);

    public void Dispose()
    {
        _subscription.Dispose();
        _bodies.Dispose();
    }

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
            var rules = SelectionRules.Read(repository.SelectionRules);
            return new RepositorySnapshot(id, repository.IsPrivate, rules, repository.SelectionRules ?? "",
                channels.ToDictionary(c => c.Name,
                    c => new ChannelSnapshot(c.VersionId, c.RolloutVersionId, c.RolloutName, c.RolloutPercent)),
                published, await MeasuredQuality.StampAsync(db, id, ct));
        }, cancellationToken);
}
