using ModelHub.Core.Entities;
using ModelHub.Server.Http;

namespace ModelHub.Server.Auth;

/// <summary>What a token operation did; <see cref="Detail"/> says why when it did nothing.</summary>
public sealed record TokenResult(TokenOutcome Outcome, string Detail = "")
{
    /// <summary>The token just created and its secret, shown this once.</summary>
    public CreatedToken? Created { get; init; }

    public IReadOnlyList<ApiToken> Tokens { get; init; } = [];

    public RequestError? Error { get; init; }

    public static TokenResult Invalid(string code, string detail) => new(TokenOutcome.Invalid, detail) { Error = new(code, detail) };
}
