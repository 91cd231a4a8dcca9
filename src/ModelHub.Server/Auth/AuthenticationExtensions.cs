using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ModelHub.Server.Http;

namespace ModelHub.Server.Auth;

public static class AuthenticationExtensions
{
    /// <summary>Bearer tokens (and the web catalog's sign-in cookie), and the service that manages tokens.</summary>
    public static IServiceCollection AddModelHubAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AdminTokenRules>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddScoped<TokenService>();
        services.AddSingleton<FailedAuthenticationThrottle>();
        return services;
    }

    /// <summary>
    /// A request that presents a token must present a valid one: a revoked or unknown token is answered 401
    /// even on anonymous routes, so a client never silently falls back to anonymous access.
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidTokens(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidToken,
                    "The bearer token is unknown, revoked or expired.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>Answers 429 to a request that presents a credential (bearer token or sign-in cookie) from a locked-out client.</summary>
    public static IApplicationBuilder UseAuthenticationThrottle(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var presents = context.Request.Headers.Authorization.Count > 0
            || context.Request.Cookies.ContainsKey(BearerTokenHandler.CookieName);
        var throttle = context.RequestServices.GetRequiredService<FailedAuthenticationThrottle>();
        if (presents && throttle.IsLockedOut(FailedAuthenticationThrottle.ClientOf(context), out var retryAfter))
        {
            await FailedAuthenticationThrottle.LockedOut(context, retryAfter).ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
