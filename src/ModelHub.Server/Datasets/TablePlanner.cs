using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Gives a new dataset version its tables and queues their work in the same save: each table is pending with an
/// indexing job, unless the parent of a commit holds the same bytes already indexed against the same paths (then its
/// result is taken as it is); a version with images gets a thumbnail job. A commit's edited tables keep their key.
/// </summary>
public sealed class TablePlanner(ModelHubDbContext db) : IVersionPreparer
{
    public async Task PrepareAsync(
        Repository repository, RepositoryVersion version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (repository.Kind != RepositoryKind.Dataset)
        {
            return;
        }

        var fingerprint = TableFiles.Fingerprint(version.Files.Select(f => f.Path));
        var inherited = version.ParentId is { } parentId
            ? await db.Tables.AsNoTracking().Where(t => t.VersionId == parentId).ToListAsync(cancellationToken)
            : [];
        var keys = VersionTables.ReadCommit(version.CommitSummary)?.Tables.ToDictionary(t => t.Path, t => t.Key) ?? [];
        foreach (var file in version.Files.Where(f => TableFiles.IsTable(f.Path)))
        {
            var parent = inherited.FirstOrDefault(t => t.Path == file.Path);
            var key = keys.GetValueOrDefault(file.Path) ?? parent?.KeyColumn;
            if (parent is { State: TableState.Indexed } same && same.SourceDigest == file.Digest && same.FilesFingerprint == fingerprint)
            {
                version.Tables.Add(new VersionTable
                {
                    Path = file.Path,
                    SourceDigest = file.Digest,
                    State = TableState.Indexed,
                    Format = same.Format,
                    RowCount = same.RowCount,
                    Summary = same.Summary,
                    MaterialisedDigest = same.MaterialisedDigest,
                    FilesFingerprint = fingerprint,
                    KeyColumn = key,
                    IndexedAt = same.IndexedAt,
                });
                continue;
            }

            version.Tables.Add(new VersionTable { Path = file.Path, SourceDigest = file.Digest, KeyColumn = key });
            db.Jobs.Add(new Job { Kind = JobKinds.TableIndex, Version = version, Subject = file.Path, CreatedAt = now });
        }

        if (version.Files.Any(f => TableFiles.IsImage(f.Path)))
        {
            db.Jobs.Add(new Job { Kind = JobKinds.Thumbnails, Version = version, CreatedAt = now });
        }
    }
}
