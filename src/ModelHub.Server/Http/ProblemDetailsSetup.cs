using System.Diagnostics;

namespace ModelHub.Server.Http;

public static class ProblemDetailsSetup
{
    /// <summary>Every problem gets a stable <c>code</c> (from its status when the framework raised it) and a trace id.</summary>
    public static IServiceCollection AddModelHubProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", Problems.DefaultCodeFor(status));
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}
