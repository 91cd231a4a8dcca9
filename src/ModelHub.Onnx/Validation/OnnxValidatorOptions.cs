using System.ComponentModel.DataAnnotations;

namespace ModelHub.Onnx.Validation;

public sealed class OnnxValidatorOptions
{
    public const string Section = "ModelHub:Validation";

    /// <summary>Wall-clock limit for validating one version; the worker process is killed after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Resident memory the worker process may use; it is killed above it.</summary>
    [Range(64, 1_048_576)]
    public int MemoryCapMegabytes { get; set; } = 2048;

    /// <summary>Inference runs per file; latency is their median.</summary>
    [Range(1, 100)]
    public int Runs { get; set; } = 3;

    /// <summary>The worker assembly; found next to the running application when empty.</summary>
    public string? WorkerPath { get; set; }
}
