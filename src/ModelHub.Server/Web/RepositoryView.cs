using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web;

public sealed record RepositoryView(
    Repository Repository,
    IReadOnlyList<RepositoryVersion> Versions,
    RepositoryVersion? Selected,
    ValidationReport? Report,
    IReadOnlyList<Tier> Tiers,
    IReadOnlyList<ChannelView> Channels,
    IReadOnlyList<LinkView> Datasets,
    IReadOnlyList<LinkView> UsedBy,
    IReadOnlyDictionary<string, DownloadCounter> Counters,
    IReadOnlyList<VersionTable>? Tables = null)
{
    public const int FilesPerPage = 100;

    /// <summary>One page of the selected version's files, in path order (<see cref="FilePage"/> of <see cref="FilePages"/>).</summary>
    public IReadOnlyList<VersionFile> Files { get; init; } = [];

    public int FileCount { get; init; }

    public int FilePage { get; init; } = 1;

    public int FilePages => Math.Max(1, (FileCount + FilesPerPage - 1) / FilesPerPage);

    public string Owner => Repository.Owner.Name;
    public string Name => Repository.Name;
    public string FullName => $"{Owner}/{Name}";
    public bool IsModel => Repository.Kind == RepositoryKind.Model;
}
