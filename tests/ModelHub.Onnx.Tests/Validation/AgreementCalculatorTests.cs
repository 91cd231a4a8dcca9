using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Tests.Validation;

public sealed class AgreementCalculatorTests
{
    [Fact]
    public void Identical_outputs_agree_perfectly()
    {
        var agreement = AgreementCalculator.Judge("y", [1, 2, 3], [1, 2, 3], Tolerance.Default);

        Assert.True(agreement.Passed);
        Assert.Equal(0, agreement.MaxAbsDiff);
        Assert.Equal(1, agreement.Cosine);
        Assert.Equal(0, agreement.RelativeError);
        Assert.Equal(3, agreement.Values);
    }

    [Fact]
    public void Opposite_outputs_fail_with_the_numbers_in_the_reason()
    {
        var agreement = AgreementCalculator.Judge("logits", [1, 2, 3], [-1, -2, -3], Tolerance.Default);

        Assert.False(agreement.Passed);
        Assert.Equal(-1, agreement.Cosine);
        Assert.Equal(6, agreement.MaxAbsDiff);
        Assert.Equal(2, agreement.RelativeError);
        Assert.Contains("output `logits`: cosine similarity -1 < 0.98, relative error 2 > 0.2", agreement.Reason);
    }

    [Fact]
    public void A_tier_off_by_a_scale_factor_fails_on_relative_error_though_its_cosine_is_1()
    {
        var agreement = AgreementCalculator.Judge("y", [1, 2, 3, 4], [2, 4, 6, 8], Tolerance.Default);

        Assert.Equal(1, agreement.Cosine);
        Assert.False(agreement.Passed);
        Assert.Contains("relative error 1 > 0.2", agreement.Reason);
    }

    [Fact]
    public void One_value_agrees_by_cosine_whatever_it_is_but_several_sets_of_it_do_not()
    {
        // A one-element output: the reference and a tier with random weights, over one input set and over eight.
        double[] reference = [0.8, -1.3, 2.1, 0.2, -0.7, 1.5, -2.2, 0.4];
        double[] random = [0.9, 0.6, -0.4, 1.8, 0.3, -1.1, 0.5, 1.2];

        var one = AgreementCalculator.Judge("prob", reference[..1], random[..1], new Tolerance(MaxRelativeError: 1));
        var eight = AgreementCalculator.Judge("prob", reference, random, new Tolerance(MaxRelativeError: 1));

        Assert.True(one.Passed);
        Assert.False(eight.Passed);
        Assert.Contains("cosine similarity", eight.Reason);
    }

    [Fact]
    public void Max_abs_diff_is_enforced_when_declared()
    {
        var loose = AgreementCalculator.Judge("y", [100, 200], [100.5, 200.5], Tolerance.Default);
        var strict = AgreementCalculator.Judge("y", [100, 200], [100.5, 200.5], new Tolerance(MaxAbsDiff: 0.1));

        Assert.True(loose.Passed);
        Assert.False(strict.Passed);
        Assert.Contains("max abs diff 0.5 > 0.1", strict.Reason);
    }

    [Fact]
    public void Two_zero_vectors_agree_and_zero_against_nonzero_does_not()
    {
        Assert.True(AgreementCalculator.Judge("y", [0, 0], [0, 0], Tolerance.Default).Passed);
        var zeroReference = AgreementCalculator.Judge("y", [0, 0], [1, 0], Tolerance.Default);
        Assert.False(zeroReference.Passed);
        Assert.Null(zeroReference.RelativeError);
        Assert.Contains("the reference is all zeros and the tier is not", zeroReference.Reason);
    }

    [Theory]
    [InlineData(0.98, null, 0.2)]
    [InlineData(0.99, null, 0.1414)]
    [InlineData(0.98, 0.05, 0.05)]
    public void The_relative_error_bound_follows_the_cosine_bound_unless_declared(double minCosine, double? declared, double expected)
    {
        Assert.Equal(expected, new Tolerance(minCosine, MaxRelativeError: declared).EffectiveMaxRelativeError(), 4);
    }

    [Theory]
    [InlineData(1, null, 8)]
    [InlineData(2, null, 8)]
    [InlineData(5, null, 4)]
    [InlineData(16, null, 1)]
    [InlineData(1_000_000, null, 1)]
    [InlineData(1_000_000, 3, 3)]
    [InlineData(1, 100, 32)]
    public void Input_sets_grow_until_every_output_compares_16_values(long smallestOutput, int? declared, int expected)
    {
        Assert.Equal(expected, new Tolerance(InputSets: declared).InputSetsFor(smallestOutput));
    }
}
