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

    /// <summary>
    /// Validation slots: versions validated at once, each in its own worker process with its own limits. Two by default,
    /// so one endless or huge model never holds every other validation until its timeout.
    /// </summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 2;

    /// <summary>
    /// The most slots one owner's versions take at once; empty: all but one (at least one), so another owner always finds
    /// a free slot.
    /// </summary>
    [Range(1, 64)]
    public int? MaxPerOwner { get; set; }

    public int PerOwner => Math.Min(MaxPerOwner ?? Math.Max(1, Parallelism - 1), Parallelism);
}
