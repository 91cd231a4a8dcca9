using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data;

/// <summary>The metadata model shared by every database provider; each provider derives its own context and migrations.</summary>
public abstract class ModelHubDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Owner> Owners => Set<Owner>();
    public DbSet<Repository> Repositories => Set<Repository>();
    public DbSet<RepositoryVersion> Versions => Set<RepositoryVersion>();
    public DbSet<VersionFile> Files => Set<VersionFile>();
    public DbSet<Blob> Blobs => Set<Blob>();
    public DbSet<BlobUpload> BlobUploads => Set<BlobUpload>();
    public DbSet<UploadSession> UploadSessions => Set<UploadSession>();
    public DbSet<UploadPart> UploadParts => Set<UploadPart>();
    public DbSet<ApiToken> Tokens => Set<ApiToken>();
    public DbSet<VersionVariant> Variants => Set<VersionVariant>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<VersionTable> Tables => Set<VersionTable>();
    public DbSet<DerivedBlob> DerivedBlobs => Set<DerivedBlob>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<ChannelEvent> ChannelEvents => Set<ChannelEvent>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<DownloadCounter> DownloadCounters => Set<DownloadCounter>();
    public DbSet<VersionLink> VersionLinks => Set<VersionLink>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();

    /// <summary>True when the failed save broke a unique index (a concurrent create of the same thing).</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// Inserts <paramref name="entity"/>; false, with the entity detached again, when a unique index holds the same row
    /// already (inserted at the same time elsewhere), which callers treat as done rather than as an error.
    /// </summary>
    public async Task<bool> TryInsertAsync<T>(T entity, CancellationToken cancellationToken) where T : class
    {
        Add(entity);
        try
        {
            await SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            Entry(entity).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>True when a bulk statement failed because a row is still referenced (a blob a file points at).</summary>
    public abstract bool IsReferenceViolation(Exception exception);

    /// <summary>
    /// A failed save or command is logged by EF Core at Error with its stack trace, yet most are expected and handled (a
    /// unique index refusing a second create becomes a 409): whoever handles the exception decides how loud it is, and
    /// an unhandled one is logged by the host as an error anyway.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ModelHubDbContext).Assembly);
}
