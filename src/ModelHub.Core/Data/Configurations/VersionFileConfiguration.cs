using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class VersionFileConfiguration : IEntityTypeConfiguration<VersionFile>
{
    public void Configure(EntityTypeBuilder<VersionFile> builder)
    {
        builder.ToTable("Files");
        builder.Property(f => f.Path).HasMaxLength(1024);
        builder.Property(f => f.Digest).HasMaxLength(71);
        builder.Property(f => f.ContentType).HasMaxLength(128);
        builder.HasIndex(f => new { f.VersionId, f.Path }).IsUnique();
        builder.HasIndex(f => f.Digest);
        // A file pins its blob: the collector cannot delete a blob a version still references.
        builder.HasOne<Blob>().WithMany().HasForeignKey(f => f.Digest).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Version).WithMany(v => v.Files).HasForeignKey(f => f.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
