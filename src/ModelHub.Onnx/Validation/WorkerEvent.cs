using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// One line the worker writes on stdout as it goes: a file inspected, a file about to run (with the inputs built for
/// it), a file's memory passing the cap (at once, from the sampling thread), a file done, and at the end the report.
/// Should the worker be killed or crash, the launcher builds the report from what these lines told it: inspections,
/// inputs, the files that finished, the file that was running.
/// </summary>
public sealed record WorkerEvent(string Kind, FileReport? File = null, ValidationReport? Report = null)
{
    public const string Inspected = "inspected", Running = "running", OverCap = "over-cap", Done = "done", Final = "report";

    /// <summary>A tier of a split validation has run and waits for its reference's outputs: it runs no model meanwhile.</summary>
    public const string Waiting = "waiting";

    /// <summary>The status of a file that has not finished; never in a final report.</summary>
    public const string Pending = "pending";
}
