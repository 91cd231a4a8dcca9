using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Repositories;

/// <summary>Limits on the free-text fields of a repository.</summary>
public static class RepositoryFields
{
    public const int MaxDescription = 1024;
    public const int MaxCard = 512 * 1024;
    public const int MaxTags = 32;
    public const int MaxTagLength = 64;
    public const int MaxRules = 32;

    public static ProblemHttpResult? Validate(string? description, string? card, List<string>? tags)
    {
        if (description?.Length > MaxDescription)
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, $"description is longer than {MaxDescription} characters.");
        }

        if (card?.Length > MaxCard)
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, $"card is longer than {MaxCard} characters.");
        }

        if (tags is not null && (tags.Count > MaxTags || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength || t.Any(char.IsControl))))
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, $"At most {MaxTags} tags, each 1 to {MaxTagLength} printable characters.");
        }

        return null;
    }

    public static List<string> NormalizeTags(List<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
}
