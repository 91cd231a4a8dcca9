using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using ModelHub.Core.Storage;

namespace ModelHub.Server.Http;

/// <summary>
/// Turns exceptions that describe the request (bad JSON, a body cut short, a digest mismatch) into 4xx problem
/// details, and a client that went away into an Information log line rather than an error.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested
            && exception is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            logger.LogInformation("The client disconnected from {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (status, code, detail) = exception switch
        {
            Microsoft.AspNetCore.Http.BadHttpRequestException { InnerException: JsonException json } =>
                (400, ErrorCodes.MalformedJson, $"The request body is not valid JSON for this operation: {json.Message}"),
            Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 } =>
                (413, ErrorCodes.PayloadTooLarge, "The request body is larger than this endpoint accepts."),
            Microsoft.AspNetCore.Http.BadHttpRequestException e
                when e.Message.Contains("Unexpected end of request content", StringComparison.Ordinal) =>
                (400, ErrorCodes.IncompleteBody, "The request body ended before its declared Content-Length; nothing was stored."),
            Microsoft.AspNetCore.Http.BadHttpRequestException e => (e.StatusCode, Problems.DefaultCodeFor(e.StatusCode), e.Message),
            ContentTooLargeException e => (413, e.Code, e.Message),
            ContentLengthMismatchException e => (400, ErrorCodes.SizeMismatch, e.Message),
            DigestMismatchException e => (400, ErrorCodes.DigestMismatch, e.Message),
            _ => (0, "", ""),
        };
        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogInformation("Rejected {Method} {Path} with {Status} {Code}: {Detail}",
            httpContext.Request.Method, httpContext.Request.Path, status, code, detail);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
