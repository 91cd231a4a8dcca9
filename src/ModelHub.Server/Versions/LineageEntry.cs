using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>One end of a lineage link: a version of a repository.</summary>
public sealed record LineageEntry(RepositoryKind Kind, string Owner, string Name, string Version);
