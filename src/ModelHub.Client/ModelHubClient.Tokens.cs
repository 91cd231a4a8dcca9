using ModelHub.Contracts.Tokens;

namespace ModelHub.Client;

/// <summary>API tokens: created with scopes over owners, shown once, listed without their secret, revoked by id.</summary>
public sealed partial class ModelHubClient
{
    /// <summary>A new token; <see cref="CreatedToken.Token"/> is its secret, which the server never shows again.</summary>
    public Task<CreatedToken> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync<CreatedToken>(HttpMethod.Post, ApiPaths.Tokens, request, cancellationToken);

    /// <summary>The tokens the caller manages.</summary>
    public Task<IReadOnlyList<TokenInfo>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<TokenInfo>>(ApiPaths.Tokens, cancellationToken);

    public Task RevokeTokenAsync(long id, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Delete, ApiPaths.Token(id), null, cancellationToken);
}
