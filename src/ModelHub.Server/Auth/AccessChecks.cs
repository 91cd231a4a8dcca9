using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Http;

namespace ModelHub.Server.Auth;

/// <summary>Whether a caller may write: the answer services turn into outcomes, and the 401/403 the HTTP side gives.</summary>
public static class AccessChecks
{
    public enum Access
    {
        Allowed,
        Unauthenticated,
        Forbidden,
    }

    public static Access WriteAccess(this Caller caller, string owner) =>
        !caller.IsAuthenticated ? Access.Unauthenticated : caller.CanWrite(owner) ? Access.Allowed : Access.Forbidden;

    public static string WriteDenied(string owner) => $"Your token has no write scope over owner '{owner}'.";

    /// <summary>Null when the caller may write to <paramref name="owner"/>; else the 401 or 403 to answer.</summary>
    public static ProblemHttpResult? RequireWrite(this Caller caller, string owner) => caller.WriteAccess(owner) switch
    {
        Access.Allowed => null,
        Access.Unauthenticated => Problems.Unauthorized(),
        _ => Problems.Forbidden(WriteDenied(owner)),
    };

    /// <summary>Null when the caller may upload blobs; else the 401 or 403 to answer.</summary>
    public static ProblemHttpResult? RequireUpload(this Caller caller)
    {
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        return caller.CanUpload ? null : Problems.Forbidden("Uploading needs a token with the write scope.");
    }
}
