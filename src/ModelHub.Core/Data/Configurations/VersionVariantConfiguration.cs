using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class VersionVariantConfiguration : IEntityTypeConfiguration<VersionVariant>
{
    public void Configure(EntityTypeBuilder<VersionVariant> builder)
    {
        builder.ToTable("Variants");
        builder.Property(v => v.Name).HasMaxLength(64);
        builder.Property(v => v.Path).HasMaxLength(1024);
        builder.Property(v => v.Precision).HasMaxLength(16);
        builder.HasIndex(v => new { v.VersionId, v.Name }).IsUnique();
        builder.HasOne<RepositoryVersion>().WithMany(v => v.Variants).HasForeignKey(v => v.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
