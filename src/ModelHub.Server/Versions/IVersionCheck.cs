using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Versions;

/// <summary>
/// A check another feature makes on a version request once its blobs are known to exist, before anything is stored
/// (validation: the memory asked for is within the server's maximum, every smoke hint names an input of a model). The
/// publisher answers a failure with 422, so it needs to know none of them.
/// </summary>
public interface IVersionCheck
{
    /// <summary>Null when the request passes; else what is wrong, with extensions for the problem. <paramref name="caller"/>
    /// is who creates the version (what it names must be readable by them).</summary>
    Task<RequestError?> CheckAsync(Repository repository, Caller caller, CreateVersionRequest request, IReadOnlyList<VersionFile> files,
        CancellationToken cancellationToken);
}
