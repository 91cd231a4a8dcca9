using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Naming;
using ModelHub.Server.Auth;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Channels;

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup($"/v1/{RepositoryKinds.RouteSegment}/{{owner}}/{{name}}/channels").WithTags("Channels");
        group.MapGet("", ListAsync).WithName("ListChannels").WithSummary("List a repository's channels.");
        group.MapPut("/{channel}", MoveAsync).WithName("MoveChannel")
            .WithSummary("Create or move a channel to a published version, optionally with a staged rollout of another.");
        group.MapGet("/{channel}/history", HistoryAsync).WithName("GetChannelHistory").WithSummary("Every move of a channel, newest first.");
        group.MapPost("/{channel}/rollback", RollbackAsync).WithName("RollbackChannel")
            .WithSummary("Move a channel back to the version it pointed at before its last move.");
        return routes;
    }

    public static async Task<Results<Ok<List<ChannelInfo>>, ProblemHttpResult>> ListAsync(
        string kind, string owner, string name, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        var channels = await db.Channels.AsNoTracking().Include(c => c.Version).Include(c => c.RolloutVersion)
            .Where(c => c.RepositoryId == repository.Id).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(c => c.AsInfo()).ToList());
    }

    public static async Task<Results<Ok<ChannelInfo>, ProblemHttpResult>> MoveAsync(
        string kind, string owner, string name, string channel, MoveChannelRequest request, HttpContext http, ModelHubDbContext db,
        ChannelMover mover, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        if (!Names.IsValidVersion(channel))
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, $"Channel names must match {Names.Pattern}.");
        }

        var result = await mover.MoveAsync(repository.Id, channel, request, caller.Subject!, cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Ok(result.Channel!.AsInfo());
    }

    public static async Task<Results<Ok<List<ChannelEventInfo>>, ProblemHttpResult>> HistoryAsync(
        string kind, string owner, string name, string channel, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        var found = await db.Channels.AsNoTracking().Include(c => c.History)
            .SingleOrDefaultAsync(c => c.RepositoryId == repository.Id && c.Name == channel, cancellationToken);
        return found is null
            ? ChannelNotFound(owner, name, channel)
            : TypedResults.Ok(found.History.OrderByDescending(e => e.Id).Select(e => e.AsInfo()).ToList());
    }

    public static async Task<Results<Ok<ChannelInfo>, ProblemHttpResult>> RollbackAsync(
        string kind, string owner, string name, string channel, HttpContext http, ModelHubDbContext db, ChannelMover mover, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        var last = await db.ChannelEvents.AsNoTracking()
            .Where(e => db.Channels.Any(c => c.Id == e.ChannelId && c.RepositoryId == repository.Id && c.Name == channel))
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return ChannelNotFound(owner, name, channel);
        }

        if (last.FromVersion is null)
        {
            return Problems.Conflict(ErrorCodes.NothingToRollBack, $"Channel {channel} has never moved: there is nothing to roll back to.");
        }

        var result = await mover.MoveAsync(repository.Id, channel, new MoveChannelRequest(last.FromVersion), caller.Subject!, cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Ok(result.Channel!.AsInfo());
    }

    public static ProblemHttpResult ChannelNotFound(string owner, string name, string channel) =>
        Problems.NotFound(ErrorCodes.ChannelNotFound, $"No channel {channel} in {owner}/{name}.");
}
