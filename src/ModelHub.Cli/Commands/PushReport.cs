using ModelHub.Client;
using ModelHub.Contracts.Validation;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>What <c>push</c> prints: the version's state, the bytes sent and, for validated versions, a line per file.</summary>
internal static class PushReport
{
    public static void Write(CliContext context, PushResult result)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                state = result.State,
                reason = result.Reason,
                bytesUploaded = result.BytesUploaded,
                blobsSkipped = result.BlobsSkipped,
                version = result.Version,
            });
        }

        var human = context.Human;
        human.MarkupLine($"{Markup.Escape(result.Version.Repository)} {Markup.Escape(result.Version.Version)}: [bold]{result.State}[/] " +
            $"({result.BytesUploaded:N0} bytes uploaded, {result.BlobsSkipped} blob(s) already on the server)");
        if (result.Version.Validation is not { } report)
        {
            return;
        }

        var table = new Table().AddColumns("file", "tier", "status", "precision", "latency, peak");
        foreach (var file in report.Files)
        {
            table.AddRow(Markup.Escape(file.Path), Markup.Escape(file.Variant ?? ""), file.Status, Markup.Escape(Precision(file)),
                Markup.Escape(Run(file)));
        }

        human.Write(table);
        // Reasons and agreement are long: under the table, one line per file, so a narrow terminal does not cut them up.
        foreach (var file in report.Files.Where(f => f.Reason is not null || f.Agreement is { Count: > 0 }))
        {
            human.MarkupLine($"{Markup.Escape(file.Path)}: {Markup.Escape(file.Reason ?? Agreement(file))}");
        }

        if (report.Files.Any(f => f.Smoke is { LatencyRepresentative: false }))
        {
            human.MarkupLine("* latency measured on placeholder dims (symbolic dims set to 1): not representative; size them with hints");
        }

        if (report.Gate is { } gate)
        {
            human.MarkupLine($"accuracy gate on {Markup.Escape($"{gate.Dataset} ({gate.Table})")}: {gate.State}"
                + (gate.Reason is null ? "" : $" ({Markup.Escape(gate.Reason)})"));
        }

        if (report.Reason is { } reason && !report.Passed)
        {
            human.MarkupLine($"[red]rejected[/]: {Markup.Escape(reason)}");
        }

        var warnings = report.Files.SelectMany(f => (f.Warnings ?? []).Select(w => $"{f.Path}: {w}")).Concat(report.Warnings ?? []);
        foreach (var warning in warnings)
        {
            human.MarkupLine($"[yellow]warning[/]: {Markup.Escape(warning)}");
        }
    }

    /// <summary>The detected precision, and the declared one beside it when they differ.</summary>
    private static string Precision(FileReport file) =>
        file.DeclaredPrecision is { } declared && declared != file.Model?.Precision
            ? $"{file.Model?.Precision} (declared {declared})"
            : file.Model?.Precision ?? "";

    /// <summary>
    /// The latency and the peak memory of the run; a latency measured on placeholder dims says little about real inputs,
    /// so it is starred (explained under the table).
    /// </summary>
    private static string Run(FileReport file)
    {
        var latency = file.Smoke is not { } smoke ? "" : $"{smoke.MedianLatencyMs:0.##} ms{(smoke.LatencyRepresentative ? "" : "*")}";
        var peak = file.Memory is { } memory ? $"{Math.Ceiling(memory.PeakBytes / (1024.0 * 1024)):0} MB" : "";
        return string.Join(", ", new[] { latency, peak }.Where(p => p.Length > 0));
    }

    private static string Agreement(FileReport file) => string.Join("; ", (file.Agreement ?? [])
        .Select(a => $"{a.Output}: cos {a.Cosine:0.#####}, max |Δ| {a.MaxAbsDiff:0.####}, rel. error {a.RelativeError:0.####}"));
}
