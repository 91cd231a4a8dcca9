using System.Text.Json;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Core.Selection;

/// <summary>
/// How a per-model <see cref="SelectionRule"/> (the wire record, stored as JSON with its repository) applies to a device:
/// every condition that is set must hold.
/// </summary>
public static class SelectionRules
{
    /// <summary>The rules as a repository stores them (null for none).</summary>
    public static string? Store(IReadOnlyCollection<SelectionRule> rules) =>
        rules.Count == 0 ? null : JsonSerializer.Serialize(rules, JsonSerializerOptions.Web);

    /// <summary>The rules a repository stored with <see cref="Store"/>; empty for none.</summary>
    public static IReadOnlyList<SelectionRule> Read(string? stored) =>
        stored is null ? [] : JsonSerializer.Deserialize<List<SelectionRule>>(stored, JsonSerializerOptions.Web) ?? [];

    public static bool Matches(this SelectionRule rule, DeviceProfile device) =>
        (rule.Platform is null || string.Equals(rule.Platform, device.Platform, StringComparison.OrdinalIgnoreCase))
        && (rule.Provider is null || device.EffectiveProviders.Contains(rule.Provider))
        && (rule.NoProvider is null || !device.EffectiveProviders.Contains(rule.NoProvider))
        && (rule.Network is null || string.Equals(rule.Network, device.Network, StringComparison.OrdinalIgnoreCase))
        && (rule.SaveData is null || rule.SaveData == device.SaveData)
        && (rule.MaxMemoryMb is null || (device.MemoryMb is { } memory && memory <= rule.MaxMemoryMb));

    /// <summary>The rule's conditions in plain words, for the manifest's explanation.</summary>
    public static string Describe(this SelectionRule rule)
    {
        var parts = new List<string>();
        if (rule.Platform is not null) parts.Add($"platform={rule.Platform}");
        if (rule.Provider is not null) parts.Add($"has {rule.Provider}");
        if (rule.NoProvider is not null) parts.Add($"no {rule.NoProvider}");
        if (rule.Network is not null) parts.Add($"network={rule.Network}");
        if (rule.SaveData is not null) parts.Add(rule.SaveData.Value ? "Save-Data" : "no Save-Data");
        if (rule.MaxMemoryMb is not null) parts.Add($"memory ≤ {rule.MaxMemoryMb} MB");
        return parts.Count == 0 ? "always" : string.Join(" and ", parts);
    }
}
