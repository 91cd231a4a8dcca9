using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Scoring;

namespace ModelHub.Evaluations.Tests;

public sealed class AccuracyGateTests
{
    private static readonly TierResult[] Tiers =
    [
        new("fp32", true, 100, Accuracy: 0.90),
        new("fp16", false, 100, Accuracy: 0.89),
        new("int8", false, 100, Accuracy: 0.80),
    ];

    [Fact]
    public void A_tier_dropping_more_than_allowed_fails_with_the_numbers()
    {
        var (tiers, verdict) = AccuracyGate.Apply(Tiers, 0.02);

        Assert.False(verdict!.Passed);
        Assert.Equal(["int8"], verdict.FailedTiers);
        Assert.True(tiers[1].Passed);
        Assert.False(tiers[2].Passed);
        Assert.Equal(0.10, tiers[2].AccuracyDrop!.Value, 6);
        Assert.Contains("80.00", tiers[2].Reason);
        Assert.Contains("90.00", tiers[2].Reason);
        Assert.Null(tiers[0].Passed);
    }

    [Fact]
    public void Without_a_limit_drops_are_reported_and_nothing_is_judged()
    {
        var (tiers, verdict) = AccuracyGate.Apply(Tiers, null);

        Assert.Null(verdict);
        Assert.All(tiers, t => Assert.Null(t.Passed));
        Assert.Equal(0.01, tiers[1].AccuracyDrop!.Value, 6);
    }
}
