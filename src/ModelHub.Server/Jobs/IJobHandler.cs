namespace ModelHub.Server.Jobs;

/// <summary>
/// Runs the jobs of one kind (scoped: one instance per job). A handler completes its job in the same save as its result;
/// when it throws, the job stays leased and is tried again once the lease runs out, so a handler gives up (records a
/// failure and completes the job) on its last attempt itself.
/// </summary>
public interface IJobHandler
{
    /// <summary>The <see cref="ModelHub.Core.Entities.JobKinds"/> value this handler runs.</summary>
    string Kind { get; }

    Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken);
}
