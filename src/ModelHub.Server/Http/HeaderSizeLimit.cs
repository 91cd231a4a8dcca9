
namespace ModelHub.Server.Http;

/// <summary>
/// Kestrel answers headers over its own limit with a bare 431. Kestrel is configured with headroom above
/// <see cref="MaxTotalBytes"/> so that most oversized requests reach this check and get problem details.
/// </summary>
public static class HeaderSizeLimit
{
    public const int MaxTotalBytes = 32 * 1024;
    public const int KestrelLimitBytes = 128 * 1024;

    public static IApplicationBuilder UseHeaderSizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            long total = 0;
            foreach (var header in context.Request.Headers)
            {
                total += header.Key.Length + 4;
                foreach (var value in header.Value)
                {
                    total += value?.Length ?? 0;
                }
            }

            if (total > MaxTotalBytes)
            {
                await Problems.Create(StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.HeadersTooLarge,
                    $"The request headers total {total} bytes; at most {MaxTotalBytes} are accepted.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
