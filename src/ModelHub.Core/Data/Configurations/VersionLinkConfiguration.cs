using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class VersionLinkConfiguration : IEntityTypeConfiguration<VersionLink>
{
    public void Configure(EntityTypeBuilder<VersionLink> builder)
    {
        builder.ToTable("VersionLinks");
        builder.HasKey(l => new { l.VersionId, l.DatasetVersionId });
        builder.HasIndex(l => l.DatasetVersionId);
        builder.HasOne(l => l.Version).WithMany(v => v.Datasets).HasForeignKey(l => l.VersionId).OnDelete(DeleteBehavior.Cascade);
        // A dataset version that a model names cannot disappear under it.
        builder.HasOne(l => l.DatasetVersion).WithMany(v => v.UsedBy)
            .HasForeignKey(l => l.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
