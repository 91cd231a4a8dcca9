using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ValidationJobConfiguration : IEntityTypeConfiguration<ValidationJob>
{
    public void Configure(EntityTypeBuilder<ValidationJob> builder)
    {
        builder.Property(j => j.LeaseOwner).HasMaxLength(128);
        builder.HasIndex(j => j.VersionId).IsUnique();
        builder.HasIndex(j => j.CompletedAt);
        builder.HasOne(j => j.Version).WithMany().HasForeignKey(j => j.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
