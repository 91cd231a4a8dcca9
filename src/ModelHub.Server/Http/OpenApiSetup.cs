namespace ModelHub.Server.Http;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document, committed as <c>openapi.yaml</c> (a test keeps the two equal).</summary>
    public static IServiceCollection AddModelHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ModelHub API";
            document.Info.Description = "A self-hosted registry for models and datasets: versioned, content-addressed, resumable.";
            // The document is committed as openapi.yaml, so it must not depend on the address it was served from.
            document.Servers = [];
            return Task.CompletedTask;
        }));

    public static IEndpointRouteBuilder MapModelHubOpenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi("/openapi/{documentName}.json");
        routes.MapOpenApi("/openapi/{documentName}.yaml");
        return routes;
    }
}
