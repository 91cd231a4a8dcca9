using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Http;

namespace ModelHub.Server.Uploads;

/// <summary>
/// Resumable uploads of large blobs, in sessions shaped like the OCI distribution spec (<c>POST</c> opens, <c>PATCH</c>
/// appends, <c>GET</c> (or <c>HEAD</c>) reports the offset, <c>PUT ?digest=</c> completes, <c>DELETE</c> cancels). Small blobs take one
/// <c>PUT /v1/blobs/{digest}</c> (<see cref="BlobEndpoints"/>).
/// </summary>
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        var uploads = routes.MapGroup("/v1/uploads").WithTags("Uploads");
        uploads.MapPost("", StartAsync).WithName("StartUpload").WithSummary("Open a resumable upload session.");
        uploads.MapGet("/{id:guid}", StatusAsync).WithName("GetUploadStatus")
            .WithSummary("Report how many bytes the session holds (resume from there).");
        uploads.MapMethods("/{id:guid}", [HttpMethods.Head], StatusAsync).WithName("HeadUploadStatus")
            .WithSummary("The session's offset in headers only (Upload-Offset, Range), the resume check.");
        uploads.MapPatch("/{id:guid}", AppendAsync).WithName("AppendUploadChunk")
            .WithSummary("Append a chunk at the session's offset (Content-Range: start-end).")
            .WithMetadata(new DisableRequestSizeLimitAttribute()).Accepts<Stream>("application/octet-stream", "*/*");
        uploads.MapPut("/{id:guid}", CompleteAsync).WithName("CompleteUpload")
            .WithSummary("Append an optional last chunk, then verify the digest and publish the blob.")
            .WithMetadata(new DisableRequestSizeLimitAttribute()).Accepts<Stream>("application/octet-stream", "*/*");
        uploads.MapDelete("/{id:guid}", CancelAsync).WithName("CancelUpload").WithSummary("Cancel a session and discard its chunks.");
        return routes;
    }

    public static async Task<Results<Accepted<UploadStatus>, ProblemHttpResult>> StartAsync(
        HttpContext http, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (caller.RequireUpload() is { } denied)
        {
            return denied;
        }

        if (await sessions.CreateAsync(caller, cancellationToken) is not { } session)
        {
            return Problems.Conflict(ErrorCodes.TooManyUploadSessions, "Your token has as many upload sessions open as it may "
                + $"({UploadOptions.Section}:MaxOpenSessionsPerToken): complete or cancel one first.");
        }

        var status = StatusOf(session, http.Response);
        return TypedResults.Accepted(status.Location, status);
    }

    public static async Task<Results<Ok<UploadStatus>, ProblemHttpResult>> StatusAsync(
        Guid id, HttpContext http, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(id, Caller.From(http.User), cancellationToken);
        return session is null ? UploadNotFound(id) : TypedResults.Ok(StatusOf(session, http.Response));
    }

    public static async Task<Results<Accepted<UploadStatus>, ProblemHttpResult>> AppendAsync(
        Guid id, HttpRequest request, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(id, Caller.From(request.HttpContext.User), cancellationToken);
        if (session is null)
        {
            return UploadNotFound(id);
        }

        if (await AppendChunkAsync(session, request, sessions, cancellationToken) is { } problem)
        {
            return problem;
        }

        var status = StatusOf(session, request.HttpContext.Response);
        return TypedResults.Accepted(status.Location, status);
    }

    public static async Task<Results<Created<BlobInfo>, ProblemHttpResult>> CompleteAsync(
        Guid id, string? digest, HttpRequest request, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(id, Caller.From(request.HttpContext.User), cancellationToken);
        if (session is null)
        {
            return UploadNotFound(id);
        }

        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            return string.IsNullOrEmpty(digest)
                ? Problems.BadRequest(ErrorCodes.DigestRequired, "Completing an upload needs ?digest=sha256:<hex>.")
                : Problems.InvalidDigest(digest);
        }

        if (await AppendChunkAsync(session, request, sessions, cancellationToken) is { } problem)
        {
            return problem;
        }

        try
        {
            var blob = await sessions.CompleteAsync(session, parsed, cancellationToken);
            request.HttpContext.Response.Headers[ApiHeaders.ContentDigest] = blob.Digest;
            return TypedResults.Created($"/v1/blobs/{blob.Digest}", new BlobInfo(blob.Digest, blob.Size));
        }
        catch (DigestMismatchException e)
        {
            return Problems.Mismatch(e);
        }
        catch (UploadGoneException)
        {
            return UploadNotFound(id);
        }
        catch (UploadBusyException e)
        {
            return OffsetProblem(session, request.HttpContext.Response, e.Message);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext http, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(id, Caller.From(http.User), cancellationToken);
        if (session is null)
        {
            return UploadNotFound(id);
        }

        await sessions.DeleteAsync(session, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Where the request's chunk starts (null: at the session's offset) and how long it is (null: unknown, chunked), from
    /// Content-Range and Content-Length; <c>Empty</c> when it carries no bytes, or the 400 for a range that does not parse
    /// or disagrees with the length.
    /// </summary>
    private static (long? Start, long? Length, bool Empty, ProblemHttpResult? Problem) ChunkOf(HttpRequest request)
    {
        var length = request.ContentLength;
        string? contentRange = request.Headers.ContentRange;
        if (contentRange is null)
        {
            return (null, length, length is 0 || (length is null && request.Headers.TransferEncoding.Count == 0), null);
        }

        if (!ContentRangeHeader.TryParse(contentRange, out var first, out var last)
            || (length is { } declared && declared != last - first + 1))
        {
            return (null, null, false, Problems.BadRequest(ErrorCodes.InvalidContentRange,
                $"Content-Range '{contentRange}' is not 'start-end' (inclusive) matching the Content-Length."));
        }

        return (first, last - first + 1, false, null);
    }

    private static async Task<ProblemHttpResult?> AppendChunkAsync(
        UploadSession session, HttpRequest request, UploadSessionService sessions, CancellationToken cancellationToken)
    {
        var (start, length, empty, invalid) = ChunkOf(request);
        if (invalid is not null || empty)
        {
            return invalid;
        }

        // Declared sizes are bounded before a byte is stored; a body of unknown length is cut off when it passes the bound.
        var room = await sessions.RoomAsync(session, cancellationToken);
        if (length > room.BlobBytes || length > room.QuotaBytes)
        {
            return TooLarge(room);
        }

        var body = length is null ? Bounded(request.Body, room) : request.Body;
        AppendOutcome outcome;
        try
        {
            outcome = await sessions.AppendAsync(session, body, start, length, cancellationToken);
        }
        catch (ContentLengthMismatchException e)
        {
            return Problems.BadRequest(ErrorCodes.SizeMismatch, e.Message);
        }

        return outcome switch
        {
            AppendOutcome.Appended => null,
            AppendOutcome.Busy => OffsetProblem(session, request.HttpContext.Response,
                $"Another chunk of this session is being written at {session.Offset}: resume once it is done (GET the session)."),
            _ => OffsetProblem(session, request.HttpContext.Response,
                $"The chunk starts at {start}, but the session holds {session.Offset} bytes: resume from {session.Offset}."),
        };
    }

    private static ProblemHttpResult OffsetProblem(UploadSession session, HttpResponse response, string detail)
    {
        response.Headers[ApiHeaders.UploadOffset] = session.Offset.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status416RangeNotSatisfiable, ErrorCodes.UploadOffsetMismatch, detail,
            new Dictionary<string, object?> { ["offset"] = session.Offset });
    }

    private static ProblemHttpResult TooLarge(UploadRoom room) => room.BlobBytes <= room.QuotaBytes
        ? BlobEndpoints.TooLarge(room.MaxBlobBytes)
        : Problems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.UploadQuotaExceeded, QuotaDetail(room));

    private static Stream Bounded(Stream body, UploadRoom room) => room.BlobBytes <= room.QuotaBytes
        ? BlobEndpoints.Bounded(body, room.MaxBlobBytes, room.BlobBytes)
        : new BoundedStream(body, room.QuotaBytes, ErrorCodes.UploadQuotaExceeded, QuotaDetail(room));

    private static string QuotaDetail(UploadRoom room) => $"Your token's open upload sessions may take {Math.Max(0, room.QuotaBytes)} more "
        + $"bytes ({UploadOptions.Section}:MaxStagedBytesPerToken): complete or cancel sessions first.";

    private static UploadStatus StatusOf(UploadSession session, HttpResponse response)
    {
        var location = $"/v1/uploads/{session.Id}";
        response.Headers.Location = location;
        response.Headers[ApiHeaders.UploadOffset] = session.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers[ApiHeaders.UploadUuid] = session.Id.ToString();
        // OCI reports the received range inclusively, so an empty session has none.
        response.Headers.Range = session.Offset > 0 ? $"0-{session.Offset - 1}" : "0-0";
        return new UploadStatus(session.Id, session.Offset, location);
    }

    private static ProblemHttpResult UploadNotFound(Guid id) =>
        Problems.NotFound(ErrorCodes.UploadNotFound,
            $"No upload session {id} of yours (it may have completed, been cancelled or expired).");
}
