using ModelHub.Core.Naming;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Repositories;

/// <summary>Limits on the free-text fields of a repository.</summary>
public static class RepositoryFields
{
    public const int MaxDescription = 1024;
    public const int MaxCard = 512 * 1024;
    public const int MaxTags = 32;
    public const int MaxTagLength = 64;
    public const int MaxRules = 32;

    public static RequestError? Validate(string? description, string? card, List<string>? tags)
    {
        if (description?.Length > MaxDescription)
        {
            return new(ErrorCodes.InvalidField, $"description is longer than {MaxDescription} characters.");
        }

        if (card?.Length > MaxCard)
        {
            return new(ErrorCodes.InvalidField, $"card is longer than {MaxCard} characters.");
        }

        if (tags is not null
            && (tags.Count > MaxTags || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength || t.Any(char.IsControl))))
        {
            return new(ErrorCodes.InvalidField, $"At most {MaxTags} tags, each 1 to {MaxTagLength} printable characters.");
        }

        return null;
    }

    public static RequestError? ValidateRules(List<ModelHub.Contracts.Repositories.SelectionRule>? rules) =>
        rules is not null && (rules.Count > MaxRules || rules.Any(r => r is null || !Names.IsValidVersion(r.Variant)))
            ? new(ErrorCodes.InvalidField, $"At most {MaxRules} selection rules, each naming a variant.")
            : null;

    public static List<string> NormalizeTags(List<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
}
