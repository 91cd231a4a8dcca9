using System.Diagnostics;
using System.Text.Json;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// What the launcher has heard from a worker so far (its JSON lines): each file's latest report, the file running now,
/// the final report once written. When the worker must be killed, or crashes, the report is built from this, so it
/// still holds every inspection, the inputs built and the files that finished.
/// </summary>
internal sealed class WorkerProgress(ValidationRequest request)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileReport> _files = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<ValidationReport> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _overCap = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _running;
    private long? _takenAt;
    private bool _waiting;
    private (string Path, long Bytes)? _largestPeak;

    public Task<ValidationReport> Final => _final.Task;

    /// <summary>Completes when the worker says a file's memory passed the cap, so the launcher acts without waiting to poll.</summary>
    public Task OverCap => _overCap.Task;

    /// <summary>A tier of a split validation that has run and waits for its reference: it holds no model now.</summary>
    public bool Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>How long ago the worker took the request up (its first line); null until it has.</summary>
    public TimeSpan? SinceTaken
    {
        get
        {
            lock (_gate)
            {
                return _takenAt is { } at ? Stopwatch.GetElapsedTime(at) : null;
            }
        }
    }

    public string? Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>The file with the highest peak the worker measured (resident bytes, baseline included).</summary>
    public (string Path, long Bytes)? LargestPeak
    {
        get
        {
            lock (_gate)
            {
                return _largestPeak;
            }
        }
    }

    public void Apply(string line)
    {
        WorkerEvent? update;
        try
        {
            update = JsonSerializer.Deserialize<WorkerEvent>(line, ValidationJson.Options);
        }
        catch (JsonException)
        {
            return; // Not ours: a native library writing to stdout.
        }

        lock (_gate)
        {
            _takenAt ??= update is null ? null : Stopwatch.GetTimestamp();
            if (update?.Report is { } report && update.Kind == WorkerEvent.Final)
            {
                _final.TrySetResult(report);
            }

            if (update?.File is not { } file)
            {
                return;
            }

            _files[file.Path] = file;
            if (update.Kind == WorkerEvent.OverCap)
            {
                _overCap.TrySetResult();
            }

            _waiting |= update.Kind == WorkerEvent.Waiting;
            _running = update.Kind switch
            {
                WorkerEvent.Running => file.Path,
                WorkerEvent.Done or WorkerEvent.Waiting when _running == file.Path => null,
                _ => _running,
            };
            if (file.Memory is { } memory && memory.BaselineBytes + memory.PeakBytes > (_largestPeak?.Bytes ?? 0))
            {
                _largestPeak = (file.Path, memory.BaselineBytes + memory.PeakBytes);
            }
        }
    }

    /// <summary>
    /// The report of a worker that was stopped: <paramref name="culprit"/> (if known) failed with the reason, files that
    /// finished keep their verdict, the others are skipped (or failed, when no culprit is known) with their inspections.
    /// </summary>
    public ValidationReport Stopped(string reason, string? culprit, double elapsedMs)
    {
        lock (_gate)
        {
            var files = request.Models.OrderByDescending(m => m.IsReference).Select(model =>
            {
                var known = _files.GetValueOrDefault(model.Path)
                    ?? new FileReport(model.Path, model.Variant, model.IsReference, WorkerEvent.Pending, null, null)
                    {
                        DeclaredPrecision = model.DeclaredPrecision,
                    };
                return model.Path == culprit || (culprit is null && known.Status == WorkerEvent.Pending)
                    ? known with { Status = FileReport.Failed, Reason = reason }
                    : known.Status == WorkerEvent.Pending
                        ? known with { Status = FileReport.Skipped, Reason = $"not run: the validation was stopped at {culprit}" }
                        : known;
            }).ToList();
            return ValidationEngine.Report(request, files, reason, elapsedMs, checkHints: false);
        }
    }
}
