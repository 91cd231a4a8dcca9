using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Server.Auth;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web.Pages;

public sealed class RepositoryModel(Catalog catalog, MarkdownRenderer markdown, PublicAddress address) : PageModel
{
    public RepositoryView View { get; private set; } = null!;

    public string CardHtml { get; private set; } = "";

    public IReadOnlyList<VariantRow> Variants { get; private set; } = [];

    public string Kind { get; private set; } = "models";

    /// <summary>
    /// The server's address for the snippets: configured, never taken from the request's Host header outside Development.
    /// </summary>
    public string BaseUrl => address.BaseUrl(Request);

    public async Task<IActionResult> OnGetAsync(string kind, string owner, string name, string? version,
        CancellationToken cancellationToken, int files = 1)
    {
        Kind = kind;
        var view = await catalog.RepositoryAsync(RepositoryKinds.Parse(kind), owner, name, version, Caller.From(User), cancellationToken,
            files);
        if (view is null || (version is not null && view.Selected is null))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Title"] = "Not found";
            return Partial("_NotFound", view is null
                ? $"There is no {kind[..^1]} {owner}/{name}, or it is private."
                : $"{owner}/{name} has no version {version}.");
        }

        View = view;
        CardHtml = markdown.Render(view.Repository.Card);
        Variants = BuildVariants(view);
        return Page();
    }

    /// <summary>
    /// A file's download link, every segment percent-encoded; on the download origin when the file is public and there is one.
    /// </summary>
    public string FileUrl(string path) => address.DownloadUrl(
        ApiUrls.VersionFile(Kind, View.Owner, View.Name, View.Selected!.Name, path), View.Repository.IsPrivate);

    /// <summary>This page at the shown version, on page <paramref name="page"/> of its file list.</summary>
    public string FilePageUrl(int page) =>
        $"?version={Uri.EscapeDataString(View.Selected!.Name)}&files={page.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The manifest reference users should point at: the stable channel when the shown version is on it, else the version.
    /// </summary>
    public string Reference => View.Channels.FirstOrDefault(c => c.Version == View.Selected?.Name) is { } channel
        ? $"channel={Uri.EscapeDataString(channel.Name)}" : $"version={Uri.EscapeDataString(View.Selected?.Name ?? "")}";

    public string CliReference => View.Channels.FirstOrDefault(c => c.Version == View.Selected?.Name) is { } channel
        ? $"{View.FullName}:{channel.Name}" : $"{View.FullName}@{View.Selected?.Name}";

    /// <summary>
    /// The shown version's tiers, the reference first; counts are keyed by tier name, as downloads and manifests count them.
    /// </summary>
    private static IReadOnlyList<VariantRow> BuildVariants(RepositoryView view) => view.Tiers
        .OrderByDescending(t => t.IsReference).ThenBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => new VariantRow(t.Name, t.Model.Path, t.IsReference, t.Precision, t.SizeBytes, t.Providers, t.NeededMemoryMb,
            t.MemorySource, t.FileReport?.Status ?? view.Selected!.State.StateName(), t.FileReport?.Reason,
            t.FileReport?.Smoke?.MedianLatencyMs, Agreement(t), view.Counters.GetValueOrDefault(t.Name)?.Count ?? 0,
            view.Counters.GetValueOrDefault(t.Name)?.Lookups ?? 0)
        {
            DeclaredMemoryMb = t.Declared?.MinMemoryMb,
            MeasuredMemoryMb = t.MeasuredMemoryMb,
            LatencyRepresentative = t.FileReport?.Smoke?.LatencyRepresentative ?? true,
            Warnings = t.FileReport?.Warnings ?? [],
        })
        .ToList();

    private static string Agreement(Tier tier) => tier.IsReference ? "reference"
        : tier.FileReport?.Agreement is { Count: > 0 } agreement
            ? string.Join("; ", agreement.Select(x =>
                $"{x.Output}: cos {x.Cosine:0.#####}, max |Δ| {x.MaxAbsDiff:0.####}, rel. error {x.RelativeError:0.####}"))
            : "—";
}
