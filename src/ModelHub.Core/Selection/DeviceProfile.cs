namespace ModelHub.Core.Selection;

/// <summary>What a client says about the device asking for a model. Unknown facts are null and exclude nothing.</summary>
public sealed record DeviceProfile(
    long? MemoryMb = null,
    IReadOnlySet<string>? Providers = null,
    string? Platform = null,
    string? Network = null,
    bool SaveData = false,
    long? BudgetBytes = null,
    string? ClientId = null)
{
    // Cached with what it was computed from: a copy made with `with { Providers = … }` carries the field along.
    private (IReadOnlySet<string>? Offered, string? Platform, IReadOnlySet<string> Set)? _effective;

    /// <summary>
    /// The execution providers the device offers, with the one every device of its kind has (see
    /// <see cref="ExecutionProviders.Baseline"/>): <c>ep=nnapi</c> on Android can still run a CPU tier.
    /// </summary>
    public IReadOnlySet<string> EffectiveProviders =>
        _effective is { } cached && ReferenceEquals(cached.Offered, Providers) && cached.Platform == Platform
            ? cached.Set
            : (_effective = (Providers, Platform, Effective(Providers, Platform))).Value.Set;

    /// <summary>The device's best provider (see <see cref="ExecutionProviders.Order"/>).</summary>
    public string BestProvider => ExecutionProviders.Best(EffectiveProviders)!;

    /// <summary>Save-Data, or a network class that makes every megabyte count.</summary>
    public bool IsConstrained => SaveData || Network is "cellular" or "slow-2g" or "2g" or "3g";

    private static HashSet<string> Effective(IReadOnlySet<string>? offered, string? platform)
    {
        var providers = new HashSet<string>(offered ?? new HashSet<string>(), StringComparer.Ordinal)
        {
            ExecutionProviders.Baseline(platform, offered),
        };
        return providers;
    }
}
