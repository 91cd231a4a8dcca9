using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>A scratch folder laid out like a version, and the real worker process to validate its files.</summary>
public abstract class WorkerTestBase : IDisposable
{
    protected WorkerTestBase() => Directory.CreateDirectory(Folder);

    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "modelhub-onnx-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A validator as the server has one; <paramref name="fileParallelism"/> 1 runs a version's files in one worker.</summary>
    protected static OnnxValidator Validator(int timeoutSeconds = 60, int memoryCapMb = 2048, int runs = 1, int fileParallelism = 2) =>
        new(Options.Create(new OnnxValidatorOptions
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            MemoryCapMegabytes = memoryCapMb,
            Runs = runs,
            FileParallelism = fileParallelism,
        }));

    protected ModelFile Write(string path, byte[] bytes, string? variant = null, bool reference = false, string? precision = null)
    {
        var local = Path.Combine(Folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllBytes(local, bytes);
        return new ModelFile(path, local, variant, reference, precision);
    }

    protected static ValidationRequest Request(IEnumerable<ModelFile> models, SmokeSettings? settings = null,
        IEnumerable<string>? extraFiles = null, Tolerance? tolerance = null, int runs = 1, ValidationLimits? limits = null)
    {
        var list = models.ToList();
        return new ValidationRequest(list, list.Select(m => m.Path).Concat(extraFiles ?? []).ToList(), settings ?? SmokeSettings.None,
            tolerance ?? Tolerance.Default, runs, limits);
    }

    protected static Dictionary<string, SmokeHint> Hints(params (string Input, SmokeHint Hint)[] hints) =>
        hints.ToDictionary(h => h.Input, h => h.Hint);
}
