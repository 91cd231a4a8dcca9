using Microsoft.AspNetCore.Authentication;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Auth;

public static class AuthenticationExtensions
{
    public static IServiceCollection AddModelHubAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorization();
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
}
