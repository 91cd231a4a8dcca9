namespace ModelHub.Contracts.Repositories;

/// <summary>Fields left null are not changed.</summary>
public sealed record UpdateRepositoryRequest(
    string? Description, string? Card, List<string>? Tags, bool? Private, List<SelectionRule>? SelectionRules = null);
