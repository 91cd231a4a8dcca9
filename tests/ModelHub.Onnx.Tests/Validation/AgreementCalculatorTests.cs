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
    }

    [Fact]
    public void Opposite_outputs_fail_with_the_numbers_in_the_reason()
    {
        var agreement = AgreementCalculator.Judge("logits", [1, 2, 3], [-1, -2, -3], Tolerance.Default);

        Assert.False(agreement.Passed);
        Assert.Equal(-1, agreement.Cosine);
        Assert.Equal(6, agreement.MaxAbsDiff);
        Assert.Contains("output `logits`: cosine similarity -1 < 0.99", agreement.Reason);
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
        Assert.False(AgreementCalculator.Judge("y", [0, 0], [1, 0], Tolerance.Default).Passed);
    }
}
