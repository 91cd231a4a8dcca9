using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class VersionTableConfiguration : IEntityTypeConfiguration<VersionTable>
{
    public void Configure(EntityTypeBuilder<VersionTable> builder)
    {
        builder.ToTable("Tables");
        builder.Property(t => t.Path).HasMaxLength(1024);
        builder.Property(t => t.SourceDigest).HasMaxLength(71);
        builder.Property(t => t.Error).HasMaxLength(4096);
        builder.Property(t => t.Format).HasMaxLength(16);
        builder.Property(t => t.MaterialisedDigest).HasMaxLength(71);
        builder.Property(t => t.FilesFingerprint).HasMaxLength(64);
        builder.Property(t => t.KeyColumn).HasMaxLength(1024);
        builder.HasIndex(t => new { t.VersionId, t.Path }).IsUnique();
        builder.HasIndex(t => t.SourceDigest);
        // The materialised copy is pinned while a table names it.
        builder.HasOne<Blob>().WithMany().HasForeignKey(t => t.MaterialisedDigest).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Version).WithMany(v => v.Tables).HasForeignKey(t => t.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
