using ModelHub.Core.Entities;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Datasets;

/// <summary>A table of a published version, ready to read (<see cref="TableOutcome.Found"/>), or why not.</summary>
public sealed record TableLookup(TableOutcome Outcome, string Detail = "", RepositoryVersion? Version = null, VersionTable? Table = null)
    : ServiceResult<TableOutcome>(Outcome, Detail);
