using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Channels;

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = RepositoryScope.MapGroup(routes, "/channels").WithTags("Channels");
        group.MapGet("", ListAsync).WithName("ListChannels").WithSummary("List a repository's channels.");
        group.MapPut("/{channel}", MoveAsync).WithName("MoveChannel")
            .WithSummary("Create or move a channel to a published version, optionally with a staged rollout of another.");
        group.MapGet("/{channel}/history", HistoryAsync).WithName("GetChannelHistory")
            .WithSummary("Every move of a channel, newest first.");
        group.MapPost("/{channel}/rollback", RollbackAsync).WithName("RollbackChannel")
            .WithSummary("Move a channel back to the previous distinct version it served, or to ?to=VERSION from its history.");
        return routes;
    }

    public static async Task<Ok<List<ChannelInfo>>> ListAsync(
        [AsParameters] RepositoryScope scope, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking().Include(c => c.Version).Include(c => c.RolloutVersion)
            .Where(c => c.RepositoryId == scope.Id).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(c => c.AsInfo()).ToList());
    }

    public static async Task<Results<Ok<ChannelInfo>, ProblemHttpResult>> MoveAsync(
        [AsParameters] RepositoryScope scope, string channel, MoveChannelRequest request, ChannelMover mover,
        CancellationToken cancellationToken)
    {
        var result = await mover.MoveAsync(scope.Repository, channel, request, scope.Caller.Subject!, cancellationToken);
        return result.Channel is { } moved ? TypedResults.Ok(moved.AsInfo()) : result.ToProblem(scope, channel);
    }

    public static async Task<Results<Ok<List<ChannelEventInfo>>, ProblemHttpResult>> HistoryAsync(
        [AsParameters] RepositoryScope scope, string channel, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Channels.AsNoTracking().Include(c => c.History)
            .SingleOrDefaultAsync(c => c.RepositoryId == scope.Id && c.Name == channel, cancellationToken);
        return found is null
            ? Problems.ChannelNotFound(scope.Owner, scope.Name, channel)
            : TypedResults.Ok(found.History.OrderByDescending(e => e.Id).Select(e => e.AsInfo()).ToList());
    }

    public static async Task<Results<Ok<ChannelInfo>, ProblemHttpResult>> RollbackAsync(
        [AsParameters] RepositoryScope scope, string channel, ChannelMover mover, CancellationToken cancellationToken,
        string? to = null)
    {
        var result = await mover.RollbackAsync(scope.Repository, channel, scope.Caller.Subject!, cancellationToken, to);
        return result.Channel is { } moved ? TypedResults.Ok(moved.AsInfo()) : result.ToProblem(scope, channel);
    }

    public static ProblemHttpResult ToProblem(this ChannelResult result, RepositoryScope scope, string channel) => result.Outcome switch
    {
        ChannelOutcome.Invalid => Problems.Invalid(result.Error!),
        ChannelOutcome.VersionNotFound => Problems.NotFound(ErrorCodes.VersionNotFound, result.Detail),
        ChannelOutcome.VersionNotPublished => Problems.Conflict(ErrorCodes.VersionNotPublished, result.Detail),
        ChannelOutcome.ChannelNotFound => Problems.ChannelNotFound(scope.Owner, scope.Name, channel),
        ChannelOutcome.NothingToRollBack => Problems.Conflict(ErrorCodes.NothingToRollBack, result.Detail),
        ChannelOutcome.NotInHistory => Problems.Conflict(ErrorCodes.VersionNotInHistory, result.Detail),
        ChannelOutcome.Conflict => Problems.Conflict("channel_conflict", result.Detail),
        _ => throw new UnreachableException($"A channel that {result.Outcome} is not a problem."),
    };
}
