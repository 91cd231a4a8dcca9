using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Inspection;
using ModelHub.Onnx.Samples;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Smoke-runs one inspected file: builds its inputs, loads it, runs the first input set (the first run pays one-time
/// costs; further runs at the same set are timed), runs the extra input sets tier agreement needs, and measures the
/// memory all of it took. Every failure comes back as a reason, with what was learned until then.
/// </summary>
public sealed class FileValidator(ValidationRequest request, ScratchPaths paths, Func<string, NpyResult> loadSample)
{
    /// <summary>What the file is for agreement: nothing, the reference (decides the input sets) or a tier (runs the reference's).</summary>
    public enum Role
    {
        None,
        Reference,
        Tier,
    }

    public sealed record Outcome(FileReport Report, OutputSeries? Outputs);

    /// <summary>Runs one file; its agreement role decides how many input sets it runs and whether its outputs are kept.</summary>
    /// <param name="inspected">The file's report so far: its inspection, declared precision and warnings.</param>
    /// <param name="inspection">The inspection, with the graph's wiring for failure messages.</param>
    /// <param name="localPath">Where the file is on disk.</param>
    /// <param name="role">Reference, tier or neither.</param>
    /// <param name="tierInputSets">For a tier: the input sets its reference ran.</param>
    /// <param name="progress">Gets the report as the file starts running, and again should its memory pass the cap.</param>
    public Outcome Run(FileReport inspected, OnnxInspectionResult inspection, string localPath, Role role, int tierInputSets,
        Action<string, FileReport> progress)
    {
        var info = inspection.Model!;
        var plan = InputPlanner.For(info.Inputs, request.Settings.For(inspected.Path, inspected.Variant), loadSample);
        if (plan.Inputs is not { } inputs)
        {
            return Failed(inspected, plan.Error!);
        }

        var context = new FailureExplainer.Context(info, inspection.Graph, inputs, paths);
        var current = inspected;
        var capBytes = request.Limits?.MemoryCapMegabytes is { } cap ? (long)cap * 1024 * 1024 : long.MaxValue;
        // Called from the probe's sampling thread, possibly before this method goes on: it reads only what it is given.
        using var probe = MemoryProbe.Start(capBytes, memory => progress(WorkerEvent.OverCap, current with { Memory = memory }));
        // The first input set is built on another core while ONNX Runtime loads the model (221k floats took 4-6 ms).
        var described = current = inspected with { Inputs = [.. inputs.Select(i => i.Describe())] };
        progress(WorkerEvent.Running, described);
        var building = Task.Run(() => InputFeed.Create(inputs, 0));
        SmokeRunner? runner = null;
        Exception? loadError = null;
        try
        {
            runner = SmokeRunner.Load(localPath);
        }
        catch (Exception e)
        {
            loadError = e;
        }

        InputFeed first;
        try
        {
            first = building.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OverflowException or OutOfMemoryException or NotSupportedException)
        {
            runner?.Dispose();
            return Failed(described, $"the inputs cannot be built: {e.Message}");
        }

        using (first)
        using (runner)
        {
            var report = current = inspected with
            {
                Inputs = [.. inputs.Select((input, i) => input.Describe(first.Ranges[i].Min, first.Ranges[i].Max))],
            };
            // Again, with the values fed: a report cut short by a limit from now on says which inputs the run had.
            progress(WorkerEvent.Running, report);
            if (runner is null)
            {
                var reason = FailureExplainer.Explain(loadError!, "ONNX Runtime could not load the model", context);
                return Failed(report with { Memory = probe.Stop() }, reason);
            }

            probe.MarkLoaded();
            return RunSets(report, runner, first, inputs, role, tierInputSets, probe, context);
        }
    }

    private Outcome RunSets(FileReport report, SmokeRunner runner, InputFeed first, IReadOnlyList<PlannedInput> inputs, Role role,
        int tierInputSets, MemoryProbe probe, FailureExplainer.Context context)
    {
        var outputs = new OutputSeries(keepValues: role != Role.None);
        var timed = new List<double>();
        double firstRun;
        var set = 0;
        try
        {
            firstRun = runner.Run(first, outputs);
            for (var run = 1; run < request.Runs; run++)
            {
                timed.Add(runner.Run(first, new OutputSeries(keepValues: false)));
            }

            var sets = role switch
            {
                Role.Reference => request.Tolerance.InputSetsFor(outputs.SmallestOutput),
                Role.Tier => tierInputSets,
                _ => 1,
            };
            for (set = 1; set < sets; set++)
            {
                using var feed = InputFeed.Create(inputs, set);
                timed.Add(runner.Run(feed, outputs));
            }
        }
        catch (Exception e)
        {
            var stage = set == 0 ? "the smoke run failed" : $"the smoke run failed on input set {set} (set 0 ran)";
            return Failed(report with { Memory = probe.Stop() }, FailureExplainer.Explain(e, stage, context));
        }

        var memory = probe.Stop();
        timed.Sort();
        var representative = !inputs.Any(i => i.Placeholders.Any(p => !IsBatch(p, i)));
        var latency = timed.Count > 0 ? timed[timed.Count / 2] : firstRun;
        var smoke = new SmokeResult(runner.LoadMs, latency, 1 + timed.Count, report.Inputs!, outputs.Describe())
        {
            FirstRunMs = firstRun,
            TimedRuns = timed.Count,
            InputSets = outputs.Sets,
            LatencyRepresentative = representative,
        };
        var warnings = (report.Warnings ?? []).ToList();
        if (!representative)
        {
            warnings.Add(PlaceholderWarning(inputs));
        }

        report = report with
        {
            Status = FileReport.Passed,
            Memory = memory,
            Smoke = smoke,
            Warnings = warnings.Count == 0 ? null : warnings,
        };
        var nonFinite = outputs.Outputs.FirstOrDefault(o => o.FirstNonFiniteSet is not null);
        return nonFinite is null
            ? new Outcome(report, outputs)
            : Failed(report, $"output `{nonFinite.Name}` contains NaN or infinite values on the smoke inputs"
                + (nonFinite.FirstNonFiniteSet > 0 ? $" (input set {nonFinite.FirstNonFiniteSet})" : ""));
    }

    /// <summary>The leading dim of a tensor of two or more dims is taken for the batch: 1 is the usual inference case.</summary>
    private static bool IsBatch(PlaceholderDim dim, PlannedInput input) => dim.Index == 0 && input.Shape.Length >= 2;

    private static string PlaceholderWarning(IReadOnlyList<PlannedInput> inputs)
    {
        var dims = inputs.Where(i => i.Placeholders.Count > 0)
            .Select(i => $"`{i.Name}` {string.Join(", ", i.Placeholders.Select(p => $"dim {p.Index} (`{p.Dim}`)"))}");
        return $"placeholder dims set to 1: {string.Join("; ", dims)}; the latency is not representative — give their sizes "
            + "(smoke.dims, smoke.inputs.<name>.shape) or sample inputs";
    }

    private static Outcome Failed(FileReport report, string reason) =>
        new(report with { Status = FileReport.Failed, Reason = reason }, null);
}
