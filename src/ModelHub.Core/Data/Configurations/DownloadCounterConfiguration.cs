using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class DownloadCounterConfiguration : IEntityTypeConfiguration<DownloadCounter>
{
    public void Configure(EntityTypeBuilder<DownloadCounter> builder)
    {
        builder.HasKey(c => new { c.VersionId, c.Variant });
        builder.Property(c => c.Variant).HasMaxLength(64);
        builder.HasOne<RepositoryVersion>().WithMany().HasForeignKey(c => c.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
