using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Http;

namespace ModelHub.Server.Repositories;

/// <summary>
/// The repository a route under <c>/v1/{kind}/{owner}/{name}</c> names, as its caller sees it. Routes mapped in a
/// <see cref="MapGroup"/> group never reach their handler for a repository that is missing or invisible to the caller
/// (404 <c>repository_not_found</c>), nor, on a write (any method but GET and HEAD), for a caller who may not write to
/// its owner (401, 403). Handlers take it as <c>[AsParameters] RepositoryScope scope</c>: the route values are bound
/// (and documented) as usual, and <see cref="Repository"/> is what the group's filter found.
/// </summary>
public sealed class RepositoryScope(string kind, string owner, string name, HttpContext http)
{
    // Marks the scope's endpoints, for the OpenAPI transformer below.
    private static readonly object GroupMarker = new();

    // The route's kind segment: models or datasets.
    public string Kind { get; } = kind;

    public string Owner { get; } = owner;

    public string Name { get; } = name;

    public HttpContext Http { get; } = http;

    /// <summary>The repository with its owner; tracked by the request's database context on writes.</summary>
    public Repository Repository => Http.Items[typeof(RepositoryScope)] as Repository
        ?? throw new InvalidOperationException("Only routes of a repository scope group can bind a RepositoryScope.");

    public long Id => Repository.Id;

    public Caller Caller => Caller.From(Http.User);

    /// <summary>The repository's own API path, <c>/v1/{kind}/{owner}/{name}</c>.</summary>
    public string Path => $"/v1/{Kind}/{Owner}/{Name}";

    /// <summary>
    /// The OpenAPI generator leaves out the route constraint of a parameter bound through <c>[AsParameters]</c>: the
    /// scope's routes document <c>kind</c> with its pattern, as routes whose handlers bind it themselves do.
    /// </summary>
    public static void Document(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.Contains(GroupMarker)
            && operation.Parameters?.FirstOrDefault(p => p is { Name: "kind", In: ParameterLocation.Path })
                is { Schema: OpenApiSchema schema })
        {
            schema.Pattern = RepositoryKinds.Pattern;
        }

        return Task.CompletedTask;
    });

    private static bool IsWrite(HttpRequest request) => !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);

    /// <summary>A route group at <c>/v1/{kind}/{owner}/{name}</c> + <paramref name="path"/> guarded by the scope.</summary>
    public static RouteGroupBuilder MapGroup(IEndpointRouteBuilder routes, string path)
    {
        var group = routes.MapGroup($"/v1/{RepositoryKinds.RouteSegment}/{{owner}}/{{name}}{path}").WithMetadata(GroupMarker);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var route = http.Request.RouteValues;
            var (kind, owner, name) = ((string)route["kind"]!, (string)route["owner"]!, (string)route["name"]!);
            var caller = Caller.From(http.User);
            var write = IsWrite(http.Request);
            var db = http.RequestServices.GetRequiredService<ModelHubDbContext>();
            var repository = await db.FindReadableAsync(
                RepositoryKinds.Parse(kind), owner, name, caller, tracking: write, http.RequestAborted);
            if (repository is null)
            {
                return Problems.RepositoryNotFound(kind, owner, name);
            }

            if (write && caller.RequireWrite(owner) is { } denied)
            {
                return denied;
            }

            http.Items[typeof(RepositoryScope)] = repository;
            return await next(context);
        });
        return group;
    }
}
