using ModelHub.Contracts.Evaluations;
using ModelHub.Contracts.Validation;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Tests.Versions;

/// <summary>The verdict rules of a gated version, as pure functions over reports.</summary>
public sealed class GateVerdictsTests
{
    private static readonly SmokeResult Ran = new(1, 1, 1, [], []);
    private static readonly GateReport Gate = new(7, "lab/points@1", "points.csv", 0.02, GateReport.Running);

    private static readonly FileReport Reference = new("fp32.onnx", "fp32", true, FileReport.Passed, null, null) { Smoke = Ran };

    private static FileReport Disagreeing(string path, string tier) =>
        new(path, tier, false, FileReport.Failed, $"tier {tier} disagrees with the reference tier fp32: cosine 0.5 < 0.98", null)
        {
            Smoke = Ran,
            Agreement = [new Agreement("logits", 3, 0.5, false, "cosine 0.5 < 0.98")],
        };

    private static ValidationReport Report(params FileReport[] files) =>
        new(files.All(f => f.Status == FileReport.Passed), "as the validator said", files, 1);

    [Fact]
    public void A_noise_disagreement_becomes_a_warning_but_a_failed_smoke_run_still_fails()
    {
        var crashed = new FileReport("int4.onnx", "int4", false, FileReport.Failed, "the smoke run failed: boom", null);

        var relaxed = GateVerdicts.NoiseInformational(Report(Reference, Disagreeing("int8.onnx", "int8")));
        var still = GateVerdicts.NoiseInformational(Report(Reference, Disagreeing("int8.onnx", "int8"), crashed));

        Assert.True(relaxed.Passed);
        Assert.Null(relaxed.Reason);
        Assert.Equal(FileReport.Passed, relaxed.Files[1].Status);
        Assert.Contains("informational", Assert.Single(relaxed.Files[1].Warnings!));
        Assert.False(still.Passed);
        Assert.Equal("int4.onnx: the smoke run failed: boom", still.Reason);
    }

    [Fact]
    public void A_tier_dropping_more_than_allowed_fails_its_file_with_the_numbers_and_the_others_pass()
    {
        var report = GateVerdicts.NoiseInformational(Report(Reference, Disagreeing("int8.onnx", "int8"),
            Disagreeing("fp16.onnx", "fp16")));
        TierResult[] results = [new("fp32", true, 100, Accuracy: 0.9), new("int8", false, 100, Accuracy: 0.8),
            new("fp16", false, 100, Accuracy: 0.89)];
        var files = new Dictionary<string, string> { ["fp32"] = "fp32.onnx", ["int8"] = "int8.onnx", ["fp16"] = "fp16.onnx" };

        var judged = GateVerdicts.Judge(report, Gate, results, files);

        Assert.False(judged.Passed);
        Assert.Equal(FileReport.Failed, judged.Files[1].Status);
        Assert.Equal(FileReport.Passed, judged.Files[2].Status);
        Assert.StartsWith("int8.onnx: tier int8 fails the accuracy gate on lab/points@1 (points.csv): accuracy 80", judged.Reason);
        Assert.Contains("below the reference fp32's 90", judged.Reason);
        Assert.Equal(GateReport.FailedState, judged.Gate!.State);
        Assert.Equal([true, false, true], judged.Gate.Tiers!.Select(t => t.Passed ?? true));
    }

    [Fact]
    public void A_gate_without_a_reference_accuracy_could_not_run()
    {
        TierResult[] regression = [new("fp32", true, 100, Mae: 0.1), new("int8", false, 100, Mae: 0.2)];

        var judged = GateVerdicts.Judge(Report(Reference), Gate, regression, new Dictionary<string, string>());

        Assert.False(judged.Passed);
        Assert.Equal(GateReport.Error, judged.Gate!.State);
        Assert.Contains("the accuracy gate on lab/points@1 (points.csv) could not run", judged.Reason);
    }
}
