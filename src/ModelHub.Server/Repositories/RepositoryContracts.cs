using System.Text.Json;
using ModelHub.Contracts.Repositories;
using ModelHub.Core.Entities;
using Rule = ModelHub.Core.Selection.SelectionRule;
using WireRule = ModelHub.Contracts.Repositories.SelectionRule;

namespace ModelHub.Server.Repositories;

public static class RepositoryMapping
{
    public static RepositoryInfo AsInfo(this Repository r, string ownerName, string? latestVersion, bool withCard = true) =>
        new(r.Kind.Segment(), ownerName, r.Name, r.Description, withCard ? r.Card : null, r.Tags, r.IsPrivate, r.CreatedAt, r.UpdatedAt,
            latestVersion, withCard ? ReadRules(r.SelectionRules)?.Select(AsWire).ToList() : null);

    /// <summary>The rules as stored with the repository (JSON of the Core rules the manifest applies).</summary>
    private static List<Rule>? ReadRules(string? stored) =>
        stored is null ? null : JsonSerializer.Deserialize<List<Rule>>(stored, JsonSerializerOptions.Web);

    public static Rule AsRule(this WireRule r) =>
        new(r.Variant, r.Platform, r.Provider, r.NoProvider, r.Network, r.SaveData, r.MaxMemoryMb);

    public static WireRule AsWire(this Rule r) =>
        new(r.Variant, r.Platform, r.Provider, r.NoProvider, r.Network, r.SaveData, r.MaxMemoryMb);
}
