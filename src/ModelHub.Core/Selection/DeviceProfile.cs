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
    /// <summary>The execution providers the device offers; a device that names none can run on the CPU.</summary>
    public IReadOnlySet<string> EffectiveProviders => Providers is { Count: > 0 } p ? p : DefaultProviders;

    public static readonly IReadOnlySet<string> DefaultProviders = new HashSet<string> { "cpu" };

    /// <summary>Save-Data, or a network class that makes every megabyte count.</summary>
    public bool IsConstrained => SaveData || Network is "cellular" or "slow-2g" or "2g" or "3g";
}
