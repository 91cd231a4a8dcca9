using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Auth;

public static class AccessChecks
{
    /// <summary>Null when the caller may write to <paramref name="owner"/>; else the 401 or 403 to answer.</summary>
    public static ProblemHttpResult? RequireWrite(this Caller caller, string owner)
    {
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        return caller.CanWrite(owner) ? null : Problems.Forbidden($"Your token has no write scope over owner '{owner}'.");
    }

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
