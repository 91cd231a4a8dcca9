using ModelHub.Contracts.Repositories;

namespace ModelHub.Core.Selection;

public sealed record ExcludedTier(string Variant, string Reason);

/// <summary>The choice, the tiers to fall back to in order, and why, in plain words.</summary>
public sealed record SelectionResult(
    TierCandidate? Chosen, IReadOnlyList<TierCandidate> Fallbacks, string Reason, IReadOnlyList<ExcludedTier> Excluded);

/// <summary>
/// Picks the tier for a device: keep the tiers it can run (providers, memory) within its download budget; a matching
/// per-model rule decides first; otherwise, among the tiers that leave half the device's memory free, the one on the
/// device's best execution provider (<see cref="ExecutionProviders.Order"/>), then the best quality; on Save-Data and
/// slow networks the smallest tier.
/// </summary>
public static class TierSelector
{
    public static SelectionResult Select(
        DeviceProfile device, IReadOnlyList<TierCandidate> tiers, IReadOnlyList<SelectionRule>? rules = null)
    {
        var excluded = new List<ExcludedTier>();
        var eligible = new List<TierCandidate>();
        foreach (var tier in tiers)
        {
            if (Exclusion(device, tier) is { } reason)
            {
                excluded.Add(new ExcludedTier(tier.Name, reason));
            }
            else
            {
                eligible.Add(tier);
            }
        }

        if (eligible.Count == 0)
        {
            var reasons = string.Join("; ", excluded.Select(e => $"{e.Variant} {e.Reason}"));
            return new SelectionResult(null, [], "no tier fits this device: " + reasons, excluded);
        }

        int ProviderScore(TierCandidate t) => ExecutionProviders.Score(t.ProviderOn(device)!);

        // A tier that would take more than half the device's memory is kept as a fallback, not a first choice.
        var ranked = device.IsConstrained
            ? eligible.OrderBy(t => t.SizeBytes).ThenByDescending(ProviderScore).ThenByDescending(t => t.Rank).ToList()
            : eligible.OrderByDescending(t => Comfortable(device, t)).ThenByDescending(ProviderScore)
                .ThenByDescending(t => t.Rank).ThenBy(t => t.SizeBytes).ToList();
        var why = Why(device, eligible, ranked[0], ProviderScore);
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            if (!rule.Matches(device))
            {
                continue;
            }

            var picked = eligible.FirstOrDefault(t => t.Name == rule.Variant);
            if (picked is not null)
            {
                ranked.Remove(picked);
                ranked.Insert(0, picked);
                why = $"rule {i + 1} ({rule.Describe()} → {rule.Variant})";
                break;
            }
        }

        var chosen = ranked[0];
        return new SelectionResult(chosen, ranked.Skip(1).ToList(), $"chose {chosen.Name} on {chosen.ProviderOn(device)}: {why}", excluded);
    }

    private static string Why(DeviceProfile device, List<TierCandidate> eligible, TierCandidate first, Func<TierCandidate, int> score)
    {
        if (device.IsConstrained)
        {
            return $"{(device.SaveData ? "Save-Data is on" : $"the network is {device.Network}")}, so the smallest tier that runs here";
        }

        if (!Comfortable(device, first) && eligible.Count > 1)
        {
            return "the only tiers that run here need more than half of the device's memory";
        }

        var peers = eligible.Where(t => Comfortable(device, t) == Comfortable(device, first)).ToList();
        var provider = peers.Select(score).Distinct().Count() > 1
            ? $"{first.ProviderOn(device)} is the best execution provider here that a tier runs on, and this is "
            : "";
        return eligible.Any(t => !Comfortable(device, t))
            ? $"{provider}the highest-quality tier that leaves half of the device's {device.MemoryMb} MB free"
            : $"{provider}the highest-quality tier that runs here";
    }

    private static bool Comfortable(DeviceProfile device, TierCandidate tier) =>
        device.MemoryMb is not { } memory || tier.NeededMemoryMb * 2 <= memory;

    private static string? Exclusion(DeviceProfile device, TierCandidate tier)
    {
        if (tier.ProviderOn(device) is null)
        {
            return $"needs {string.Join(" or ", tier.Providers)}, the device offers {string.Join(", ", device.EffectiveProviders.Order())}";
        }

        if (device.MemoryMb is { } memory && tier.NeededMemoryMb > memory)
        {
            return $"needs {tier.NeededMemoryMb} MB of memory ({tier.MemorySource}), the device has {memory} MB";
        }

        if (device.BudgetBytes is { } budget && tier.SizeBytes > budget)
        {
            return $"is {Megabytes(tier.SizeBytes)}, over the download budget of {Megabytes(budget)}";
        }

        return null;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}
