namespace ModelHub.Core.Selection;

/// <summary>
/// A per-model rule evaluated before the default choice, e.g. "platform=web and no webgpu → int8". Every condition
/// that is set must hold; the rule then picks <see cref="Variant"/> if the device can run it.
/// </summary>
public sealed record SelectionRule(
    string Variant,
    string? Platform = null,
    string? Provider = null,
    string? NoProvider = null,
    string? Network = null,
    bool? SaveData = null,
    long? MaxMemoryMb = null)
{
    public bool Matches(DeviceProfile device) =>
        (Platform is null || string.Equals(Platform, device.Platform, StringComparison.OrdinalIgnoreCase))
        && (Provider is null || device.EffectiveProviders.Contains(Provider))
        && (NoProvider is null || !device.EffectiveProviders.Contains(NoProvider))
        && (Network is null || string.Equals(Network, device.Network, StringComparison.OrdinalIgnoreCase))
        && (SaveData is null || SaveData == device.SaveData)
        && (MaxMemoryMb is null || (device.MemoryMb is { } memory && memory <= MaxMemoryMb));

    public string Describe()
    {
        var parts = new List<string>();
        if (Platform is not null) parts.Add($"platform={Platform}");
        if (Provider is not null) parts.Add($"has {Provider}");
        if (NoProvider is not null) parts.Add($"no {NoProvider}");
        if (Network is not null) parts.Add($"network={Network}");
        if (SaveData is not null) parts.Add(SaveData.Value ? "Save-Data" : "no Save-Data");
        if (MaxMemoryMb is not null) parts.Add($"memory ≤ {MaxMemoryMb} MB");
        return parts.Count == 0 ? "always" : string.Join(" and ", parts);
    }
}
