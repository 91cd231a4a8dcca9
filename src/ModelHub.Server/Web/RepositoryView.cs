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
    IReadOnlyDictionary<string, DownloadCounter> Counters)
{
    public string Owner => Repository.Owner.Name;
    public string Name => Repository.Name;
    public string FullName => $"{Owner}/{Name}";
    public bool IsModel => Repository.Kind == RepositoryKind.Model;
}
