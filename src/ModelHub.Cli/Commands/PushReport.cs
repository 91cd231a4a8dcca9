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

        var table = new Table().AddColumns("file", "tier", "status", "precision", "latency", "agreement / reason");
        foreach (var file in report.Files)
        {
            table.AddRow(Markup.Escape(file.Path), Markup.Escape(file.Variant ?? ""), file.Status, file.Model?.Precision ?? "",
                file.Smoke is { } smoke ? $"{smoke.MedianLatencyMs:0.##} ms" : "", Markup.Escape(file.Reason ?? Agreement(file)));
        }

        human.Write(table);
    }

    private static string Agreement(FileReport file) => string.Join("; ", (file.Agreement ?? [])
        .Select(a => $"{a.Output}: cos {a.Cosine:0.#####}, max |Δ| {a.MaxAbsDiff:0.####}"));
}
