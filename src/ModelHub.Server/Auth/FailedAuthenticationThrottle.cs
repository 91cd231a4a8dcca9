using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ModelHub.Server.Http;

namespace ModelHub.Server.Auth;

/// <summary>
/// Throttles guessing: a client (by address, as forwarded by a trusted proxy) that failed to authenticate too often in a
/// window is answered 429 with <c>Retry-After</c> for every credential it presents until the window ends, before the
/// credential is even checked (a right guess must not get through). Built on the rate limiters of
/// <c>System.Threading.RateLimiting</c>, which ASP.NET Core's rate-limiting middleware uses; that middleware counts
/// requests, and only failures count here.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public FailedAuthenticationThrottle(IOptions<AuthOptions> options)
    {
        var (limit, window) = (options.Value.FailedAttemptsPerWindow, options.Value.FailedAttemptWindow);
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>True when <paramref name="client"/> used up its failures; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsLockedOut(string client, out TimeSpan retryAfter)
    {
        using var probe = _failures.AttemptAcquire(client, 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return !probe.IsAcquired;
    }

    public void RecordFailure(string client) => _failures.AttemptAcquire(client, 1).Dispose();

    public void Dispose() => _failures.Dispose();

    public static IResult LockedOut(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(
            System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyFailedAuthentications,
            "Too many failed authentications from this address: try again after the time in Retry-After.");
    }
}
