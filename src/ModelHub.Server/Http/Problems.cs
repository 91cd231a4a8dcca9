using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Storage;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Http;

/// <summary>RFC 9457 problem details, each carrying a stable machine-readable <c>code</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: TitleFor(status), extensions: all);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, code, detail, extensions);

    public static ProblemHttpResult NotFound(string code, string detail) => Create(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Conflict(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, code, detail, extensions);

    public static ProblemHttpResult Unprocessable(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, detail, extensions);

    public static ProblemHttpResult Invalid(RequestError error) =>
        BadRequest(error.Code, error.Detail, error.Extensions is null ? null : new Dictionary<string, object?>(error.Extensions));

    public static ProblemHttpResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, ErrorCodes.AuthenticationRequired,
            "This request needs a bearer token (Authorization: Bearer <token>).");

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, detail);

    public static ProblemHttpResult RepositoryNotFound(string kind, string owner, string name) =>
        NotFound(ErrorCodes.RepositoryNotFound, $"No repository {kind}/{owner}/{name}.");

    public static ProblemHttpResult ChannelNotFound(string owner, string name, string channel) =>
        NotFound(ErrorCodes.ChannelNotFound, $"No channel {channel} in {owner}/{name}.");

    public static ProblemHttpResult InvalidDigest(string digest) =>
        BadRequest(ErrorCodes.InvalidDigest, $"'{digest}' is not a digest of the form sha256:<64 hex characters>.");

    /// <summary>Bytes that did not hash to their declared digest, or were fewer or more than declared.</summary>
    public static ProblemHttpResult Mismatch(DigestMismatchException e) => e is ContentLengthMismatchException
        ? BadRequest(ErrorCodes.SizeMismatch, e.Message)
        : BadRequest(ErrorCodes.DigestMismatch, e.Message);

    /// <summary>A default code for problems the framework raises by status alone (404 on an unknown route, 405 …).</summary>
    public static string DefaultCodeFor(int status) => status switch
    {
        400 => ErrorCodes.BadRequest,
        401 => ErrorCodes.AuthenticationRequired,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        411 => "length_required",
        413 => ErrorCodes.PayloadTooLarge,
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        416 => ErrorCodes.RangeNotSatisfiable,
        429 => "too_many_requests",
        431 => ErrorCodes.HeadersTooLarge,
        >= 500 => "internal_error",
        _ => "error",
    };

    private static string? TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Content Too Large",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        _ => null,
    };
}
