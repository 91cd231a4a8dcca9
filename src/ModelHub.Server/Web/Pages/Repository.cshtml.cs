using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Server.Auth;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Web.Pages;

/// <summary>One tier of the shown version, as the variant table lists it.</summary>
public sealed record VariantRow(string Name, string Path, bool Reference, string? Precision, long Size, IReadOnlyList<string> Providers, long MemoryMb,
    string Status, string? Reason, double? LatencyMs, string Agreement, long Downloads);

public sealed class RepositoryModel(Catalog catalog, MarkdownRenderer markdown) : PageModel
{
    public RepositoryView View { get; private set; } = null!;

    public string CardHtml { get; private set; } = "";

    public IReadOnlyList<VariantRow> Variants { get; private set; } = [];

    public string Kind { get; private set; } = "models";

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    public async Task<IActionResult> OnGetAsync(string kind, string owner, string name, string? version, CancellationToken cancellationToken)
    {
        Kind = kind;
        var view = await catalog.RepositoryAsync(RepositoryKinds.Parse(kind), owner, name, version, Caller.From(User), cancellationToken);
        if (view is null || (version is not null && view.Selected is null))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Title"] = "Not found";
            return Partial("_NotFound", view is null ? $"There is no {kind[..^1]} {owner}/{name}, or it is private." : $"{owner}/{name} has no version {version}.");
        }

        View = view;
        CardHtml = markdown.Render(view.Repository.Card);
        Variants = BuildVariants(view);
        return Page();
    }

    public string FileUrl(string path) => $"/v1/{Kind}/{View.Owner}/{View.Name}/versions/{Uri.EscapeDataString(View.Selected!.Name)}/files/{path}";

    /// <summary>The manifest reference users should point at: the stable channel when the shown version is on it, else the version.</summary>
    public string Reference => View.Channels.FirstOrDefault(c => c.Version == View.Selected?.Name) is { } channel
        ? $"channel={Uri.EscapeDataString(channel.Name)}" : $"version={Uri.EscapeDataString(View.Selected?.Name ?? "")}";

    public string CliReference => View.Channels.FirstOrDefault(c => c.Version == View.Selected?.Name) is { } channel
        ? $"{View.FullName}:{channel.Name}" : $"{View.FullName}@{View.Selected?.Name}";

    private static IReadOnlyList<VariantRow> BuildVariants(RepositoryView view)
    {
        if (view.Selected is not { } version)
        {
            return [];
        }

        var files = version.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var reports = (view.Report?.Files ?? []).ToDictionary(r => r.Path, StringComparer.Ordinal);
        var tiers = version.Variants.Count > 0
            ? version.Variants.OrderByDescending(v => v.IsReference).ThenBy(v => v.Name, StringComparer.Ordinal).Select(v => (v.Name, v.Path, v.IsReference, v.Precision, Providers: (IReadOnlyList<string>)v.Providers, v.MinMemoryMb))
            : version.Files.Where(f => f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                .Select(f => (Name: f.Path, f.Path, IsReference: false, Precision: (string?)null, Providers: (IReadOnlyList<string>)[], MinMemoryMb: (long?)null));
        return tiers.Select(t =>
        {
            reports.TryGetValue(t.Path, out var report);
            var folder = t.Path.Contains('/') ? t.Path[..(t.Path.LastIndexOf('/') + 1)] : "";
            var size = (files.TryGetValue(t.Path, out var file) ? file.Size : 0)
                + (report?.Model?.ExternalData ?? []).Sum(x => files.TryGetValue(folder + x, out var data) ? data.Size : 0);
            var status = report?.Status ?? version.State.ToString().ToLowerInvariant();
            var agreement = t.IsReference ? "reference"
                : report?.Agreement is { Count: > 0 } a ? string.Join("; ", a.Select(x => $"{x.Output}: cos {x.Cosine:0.#####}, max |Δ| {x.MaxAbsDiff:0.####}"))
                : "—";
            return new VariantRow(t.Name, t.Path, t.IsReference, t.Precision ?? report?.Model?.Precision, size, t.Providers,
                t.MinMemoryMb ?? (long)Math.Ceiling(size * 1.5 / (1024 * 1024)), status, report?.Reason, report?.Smoke?.MedianLatencyMs, agreement,
                view.Downloads.TryGetValue(t.Name, out var count) ? count : 0);
        }).ToList();
    }
}
