using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Scoring;

/// <summary>
/// Compares each tier's accuracy with the reference tier's: the drop is recorded on every tier, and with a
/// <c>maxAccuracyDrop</c> a tier that drops more fails, with the numbers in its reason.
/// </summary>
public static class AccuracyGate
{
    public static (IReadOnlyList<TierResult> Tiers, GateVerdict? Verdict) Apply(IReadOnlyList<TierResult> tiers, double? maxDrop)
    {
        var reference = tiers.FirstOrDefault(t => t.Reference);
        if (reference?.Accuracy is not { } baseline)
        {
            return (tiers, null);
        }

        var judged = tiers.Select(t =>
        {
            if (t.Reference || t.Accuracy is not { } accuracy)
            {
                return t;
            }

            var drop = baseline - accuracy;
            if (maxDrop is not { } limit)
            {
                return t with { AccuracyDrop = drop };
            }

            var passed = drop <= limit + 1e-12;
            return t with
            {
                AccuracyDrop = drop,
                Passed = passed,
                Reason = passed ? null
                    : $"accuracy {accuracy:P2} is {drop:P2} below the reference {reference.Tier}'s {baseline:P2} "
                        + $"(at most {limit:P2} allowed)",
            };
        }).ToList();
        if (maxDrop is not { } max)
        {
            return (judged, null);
        }

        var failed = judged.Where(t => t.Passed == false).Select(t => t.Tier).ToList();
        var reason = failed.Count == 0
            ? $"every tier is within {max:P2} of the reference's accuracy"
            : string.Join("; ", judged.Where(t => t.Passed == false).Select(t => $"{t.Tier}: {t.Reason}"));
        return (judged, new GateVerdict(max, failed.Count == 0, failed, reason));
    }
}
