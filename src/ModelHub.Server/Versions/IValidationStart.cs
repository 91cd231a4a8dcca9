using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>
/// Starts a version's validation while the request creating it is still saving it (see
/// <c>VersionPublisher.CreateAsync</c>), in a validation
/// slot held for it: the model loads during the save instead of after it.
/// </summary>
public interface IValidationStart
{
    /// <summary>
    /// Begins validating <paramref name="version"/>, which is not saved yet; its files, tiers and settings are read now.
    /// The result waits for the version's job (<see cref="IEarlyValidation.Attach"/>), or is given up when disposed first.
    /// </summary>
    IEarlyValidation Begin(RepositoryVersion version);
}

/// <summary>A validation begun before its version was saved (see <see cref="IValidationStart"/>).</summary>
public interface IEarlyValidation : IDisposable
{
    /// <summary>The version is saved with its validation job: the job's run takes this validation instead of starting one.</summary>
    void Attach(long jobId);
}
