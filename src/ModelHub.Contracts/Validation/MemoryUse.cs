namespace ModelHub.Contracts.Validation;

/// <summary>
/// What running one model took from the worker process's resident memory. Before each file the worker returns freed
/// memory to the system and reads its resident set (<c>baselineBytes</c>); while the session is created and
/// run, a thread samples the resident set every 2 ms. <c>peakBytes</c> = highest sample − baseline: the memory
/// the model itself needed at its peak (weights, ONNX Runtime's arenas, inputs and outputs at the shapes used), without
/// the process's own runtime. Where the kernel lets the worker reset its high-water mark (/proc/self/clear_refs), the
/// mark (VmHWM) is a floor under the samples; alone it is not enough: memory ONNX Runtime frees before the end of a run
/// can be missing from it (a 580 MB spike at session create left VmHWM at 68 MB on Linux 6.18).
/// </summary>
/// <param name="PeakBytes">Peak resident memory of session create + runs, above the baseline.</param>
/// <param name="LoadedBytes">Resident memory right after the session was created, above the baseline.</param>
/// <param name="BaselineBytes">The worker's resident memory before the file was loaded.</param>
/// <param name="Method"><c>sampled+vmhwm</c> or <c>sampled</c> (no resettable high-water mark).</param>
public sealed record MemoryUse(long PeakBytes, long LoadedBytes, long BaselineBytes, string Method)
{
    public const string SampledWithHighWaterMark = "sampled+vmhwm", Sampled = "sampled";
}
