using System.ComponentModel.DataAnnotations;
using ModelHub.Onnx.Validation;

namespace ModelHub.Server.Validation;

/// <summary>
/// How this server works through the validation queue. Bound to the same section as the validator's own limits
/// (<see cref="OnnxValidatorOptions"/>: timeout, memory cap, runs), so one <c>ModelHub:Validation</c> block configures both.
/// </summary>
public sealed class ValidationQueueOptions
{
    public const string Section = OnnxValidatorOptions.Section;

    /// <summary>Whether this server runs validation jobs (a replica may leave them to others).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Versions validated at once (each in its own worker process).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 1;
}
