using System.Globalization;

namespace ModelHub.Contracts.Manifests;

/// <summary>
/// The canonical text of a device description, as a manifest signs it and a client compares it with what it asked:
/// <c>memory=4096;ep=cpu,cuda;platform=linux;network=wifi;saveData=on;budget=104857600</c>, the fields that were given
/// in this order, memory in MB, budget in bytes, providers sorted, names in lower case. The client id is left out (it
/// decides only the rollout, which the manifest states).
/// </summary>
public static class DeviceDescription
{
    public static string Canonical(long? memoryMb, IEnumerable<string>? providers, string? platform, string? network,
        bool saveData, long? budgetBytes)
    {
        var parts = new List<string>();
        if (memoryMb is { } memory)
        {
            parts.Add("memory=" + memory.ToString(CultureInfo.InvariantCulture));
        }

        var offered = (providers ?? []).Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct()
            .OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (offered.Count > 0)
        {
            parts.Add("ep=" + string.Join(",", offered));
        }

        if (!string.IsNullOrWhiteSpace(platform))
        {
            parts.Add("platform=" + platform!.Trim().ToLowerInvariant());
        }

        if (!string.IsNullOrWhiteSpace(network))
        {
            parts.Add("network=" + network!.Trim().ToLowerInvariant());
        }

        if (saveData)
        {
            parts.Add("saveData=on");
        }

        if (budgetBytes is { } budget)
        {
            parts.Add("budget=" + budget.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(";", parts);
    }
}
