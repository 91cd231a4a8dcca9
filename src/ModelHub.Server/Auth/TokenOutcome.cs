namespace ModelHub.Server.Auth;

public enum TokenOutcome
{
    Created,
    Listed,
    Revoked,
    Unauthenticated,
    Invalid,
    Forbidden,
    NotFound,
}
