using ModelHub.Core.Entities;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Auth;

/// <summary>A token created (its secret shown this once), the tokens listed, or why neither.</summary>
public sealed record TokenResult(
    TokenOutcome Outcome,
    string Detail = "",
    CreatedToken? Created = null,
    IReadOnlyList<ApiToken>? Tokens = null,
    RequestError? Error = null)
    : ServiceResult<TokenOutcome>(Outcome, Detail, Error);
