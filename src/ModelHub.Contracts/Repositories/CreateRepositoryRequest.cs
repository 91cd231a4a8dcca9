namespace ModelHub.Contracts.Repositories;

public sealed record CreateRepositoryRequest(
    string? Owner, string? Name, string? Description, string? Card, List<string>? Tags, bool? Private);
