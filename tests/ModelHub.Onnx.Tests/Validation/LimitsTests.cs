using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Validation;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>
/// Memory caps, timeouts and what a report keeps when the worker is stopped. Each test leaves only one limit within
/// reach (a memory test has a timeout no machine reaches first, an endless model uses no memory), so the outcome never
/// depends on which limit a slow machine hits first.
/// </summary>
public sealed class LimitsTests : WorkerTestBase
{
    private const long Gigabyte = 1L << 30;

    [Fact]
    public async Task In_one_worker_a_model_over_its_requested_cap_is_killed_naming_file_peak_cap_and_field_and_the_rest_is_skipped()
    {
        var models = HogBetweenTwo();
        var validator = Validator(timeoutSeconds: 600, memoryCapMb: 4096, fileParallelism: 1);

        var report = await validator.ValidateAsync(Request(models, limits: new ValidationLimits(300)));

        Assert.False(report.Passed);
        Assert.Matches(@"^validation exceeded memory cap 300 MB while running `hog.onnx` \(peak \d+ MB\): "
            + "the version may ask for up to 4096 MB with limits.memoryCapMegabytes$", report.Reason);
        Assert.Equal(new AppliedLimits(300, 4096, 300, 600), report.Limits);
        var (done, hog, notRun) = (report.Files[0], report.Files[1], report.Files[2]);
        Assert.Equal(FileReport.Passed, done.Status);
        Assert.NotNull(done.Smoke);
        Assert.Equal((FileReport.Failed, report.Reason), (hog.Status, hog.Reason));
        Assert.Equal("x", Assert.Single(hog.Model!.Inputs).Name);
        Assert.Equal("x", Assert.Single(hog.Inputs!).Name);
        Assert.Equal(FileReport.Skipped, notRun.Status);
        Assert.Equal("fp32", notRun.Model!.Precision);
    }

    [Fact]
    public async Task Side_by_side_a_model_over_its_cap_fails_alone_and_every_other_file_gets_its_own_verdict()
    {
        var models = HogBetweenTwo();
        var validator = Validator(timeoutSeconds: 600, memoryCapMb: 4096);

        var report = await validator.ValidateAsync(Request(models, limits: new ValidationLimits(300)));

        Assert.False(report.Passed);
        Assert.Matches(@"^validation exceeded memory cap 300 MB while running `hog.onnx` \(peak \d+ MB\): "
            + "the version may ask for up to 4096 MB with limits.memoryCapMegabytes$", report.Reason);
        Assert.Equal(["a.onnx", "hog.onnx", "z.onnx"], report.Files.Select(f => f.Path));
        Assert.Equal([FileReport.Passed, FileReport.Failed, FileReport.Passed], report.Files.Select(f => f.Status));
        Assert.Equal("x", Assert.Single(report.Files[1].Inputs!).Name);
        Assert.All(report.Files.Where(f => f.Status == FileReport.Passed), f => Assert.NotNull(f.Memory));
    }

    /// <summary>A model that needs a quarter of a gigabyte between two small ones.</summary>
    private ModelFile[] HogBetweenTwo() =>
        [Write("a.onnx", Models.MatMul()), Write("hog.onnx", Models.MemoryHog(Gigabyte / 4)), Write("z.onnx", Models.Add())];

    [Fact]
    public async Task At_the_server_maximum_the_reason_names_the_setting()
    {
        var hog = Write("model.onnx", Models.MemoryHog(Gigabyte / 4));

        var report = await Validator(timeoutSeconds: 600, memoryCapMb: 300).ValidateAsync(Request([hog]));

        Assert.Contains("exceeded memory cap 300 MB while running `model.onnx`", report.Reason);
        Assert.EndsWith("300 MB is this server's maximum (ModelHub:Validation:MemoryCapMegabytes)", report.Reason);
    }

    [Fact]
    public async Task A_cap_below_what_the_worker_itself_needs_is_a_memory_rejection_not_a_crash()
    {
        var model = Write("model.onnx", Models.Add());

        // 1 MB: below any process's resident set, whatever the machine (a worker can stay under 64 MB on a quiet one).
        var report = await Validator(timeoutSeconds: 600).ValidateAsync(Request([model], limits: new ValidationLimits(1)));

        Assert.StartsWith("validation exceeded memory cap 1 MB", report.Reason);
        Assert.Equal(FileReport.Failed, report.Files[0].Status);
    }

    [Fact]
    public async Task A_request_above_the_server_maximum_is_held_to_it()
    {
        var model = Write("model.onnx", Models.Add());

        var report = await Validator(memoryCapMb: 1500).ValidateAsync(Request([model], limits: new ValidationLimits(100_000)));

        Assert.True(report.Passed, report.Reason);
        Assert.Equal(new AppliedLimits(1500, 1500, 100_000, 60), report.Limits);
    }

    [Fact]
    public async Task An_endless_model_is_killed_at_the_timeout_naming_the_file_and_the_setting()
    {
        var report = await Validator(timeoutSeconds: 3).ValidateAsync(Request([Write("model.onnx", Models.Endless())]));

        Assert.False(report.Passed);
        Assert.Equal("validation killed after 3 s while running `model.onnx` (ModelHub:Validation:Timeout)", report.Reason);
        Assert.NotNull(report.Files[0].Model);
    }

    [Fact]
    public async Task Peak_memory_is_measured_per_file_above_the_workers_baseline()
    {
        var small = Write("small.onnx", Models.Add());
        var hungry = Write("hungry.onnx", Models.MemoryHog(Gigabyte / 32));

        var report = await Validator(timeoutSeconds: 600).ValidateAsync(Request([small, hungry]));

        Assert.True(report.Passed, report.Reason);
        var (a, b) = (report.Files[0].Memory!, report.Files[1].Memory!);
        Assert.Equal(MemoryUse.SampledWithHighWaterMark, b.Method);
        // The hungry model's file is under a kilobyte, but its run fills 128 MB.
        Assert.True(new FileInfo(hungry.LocalPath).Length < 1024);
        Assert.InRange(b.PeakBytes, 128L << 20, 512L << 20);
        Assert.InRange(a.PeakBytes, 0, 64L << 20);
        Assert.True(b.BaselineBytes > 0 && a.BaselineBytes > 0);
    }

    [Fact]
    public async Task Several_validations_run_at_once_each_in_its_own_worker_with_its_own_limits()
    {
        using var validator = Validator(timeoutSeconds: 600, memoryCapMb: 4096);
        validator.KeepWarm();
        var vadHints = new SmokeSettings(Inputs: Hints(("audio", new SmokeHint(Shape: [1, 512])), ("sr", new SmokeHint(Values: [16000]))));

        var reports = await Task.WhenAll(
            validator.ValidateAsync(Request([Write("one/model.onnx", Models.MatMul())])),
            validator.ValidateAsync(Request([Write("two/model.onnx", Models.MemoryHog(Gigabyte / 4))], limits: new ValidationLimits(300))),
            validator.ValidateAsync(Request([Write("three/model.onnx", RealisticModels.Vad())], vadHints)));
        var after = await validator.ValidateAsync(Request([Write("four/model.onnx", Models.Add())]));

        Assert.True(reports[0].Passed, reports[0].Reason);
        Assert.Contains("exceeded memory cap 300 MB while running `two/model.onnx`", reports[1].Reason);
        Assert.True(reports[2].Passed, reports[2].Reason);
        Assert.Equal(4096, reports[2].Limits!.MemoryCapMegabytes);
        Assert.True(after.Passed, after.Reason);
    }
}
