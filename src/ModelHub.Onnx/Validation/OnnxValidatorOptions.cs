using System.ComponentModel.DataAnnotations;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

public sealed class OnnxValidatorOptions
{
    public const string Section = "ModelHub:Validation";

    /// <summary>
    /// Wall-clock limit for validating one version's files in a worker, counted from when the worker takes the request up
    /// (a worker's own start-up is not counted: it has two minutes of its own); the worker is killed after it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The most resident memory a worker process may reach (its peak), in MB: the server's maximum. A version may ask
    /// for a lower cap (<c>limits.memoryCapMegabytes</c>); without one, this applies. Left empty, it is sized from the
    /// machine: half the memory .NET sees (a container's limit included), at least 1024 MB. With several validation
    /// slots, each worker may reach it: keep slots × cap within what the machine can give.
    /// </summary>
    [Range(64, 1_048_576)]
    public int? MemoryCapMegabytes { get; set; }

    /// <summary>Runs at the first input set per file: the first pays one-time costs, the median of the rest is the latency.</summary>
    [Range(1, 100)]
    public int Runs { get; set; } = 1;

    /// <summary>
    /// How many files of one version validate at once, each in a worker process of its own (the reference and a tier load
    /// side by side, on two cores). Their resident memory together stays within the version's cap: should it pass, the
    /// file started last is stopped and run again alone, so a file's verdict never depends on what ran beside it. 1 runs
    /// a version's files one after the other in one worker.
    /// </summary>
    [Range(1, 16)]
    public int FileParallelism { get; set; } = 2;

    /// <summary>The worker assembly; found next to the running application when empty.</summary>
    public string? WorkerPath { get; set; }

    /// <summary>The server's maximum memory cap in MB: the configured one, else the machine's default.</summary>
    public int MaxMemoryCapMegabytes => MemoryCapMegabytes ?? MachineMemoryCapMegabytes();

    /// <summary>Half the memory .NET sees on this machine or in this container, at least 1024 MB.</summary>
    public static int MachineMemoryCapMegabytes() =>
        (int)Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024), 1024, 1_048_576);

    /// <summary>The limits a validation runs under: the version's request held to the server's maximum.</summary>
    public AppliedLimits Apply(ValidationLimits? requested)
    {
        var max = MaxMemoryCapMegabytes;
        var asked = requested?.MemoryCapMegabytes is > 0 and var value ? value : (int?)null;
        return new AppliedLimits(Math.Min(asked ?? max, max), max, asked, Timeout.TotalSeconds);
    }
}
