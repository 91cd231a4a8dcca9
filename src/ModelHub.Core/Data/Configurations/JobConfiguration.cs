using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("Jobs");
        builder.Property(j => j.Kind).HasMaxLength(32);
        builder.Property(j => j.Subject).HasMaxLength(1024);
        builder.Property(j => j.LeaseOwner).HasMaxLength(128);
        builder.HasIndex(j => new { j.VersionId, j.Kind, j.Subject }).IsUnique();
        builder.HasIndex(j => j.CompletedAt);
        builder.HasOne(j => j.Version).WithMany().HasForeignKey(j => j.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
