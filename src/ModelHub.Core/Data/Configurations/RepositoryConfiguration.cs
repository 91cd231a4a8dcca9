using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class RepositoryConfiguration : IEntityTypeConfiguration<Repository>
{
    public void Configure(EntityTypeBuilder<Repository> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.Property(r => r.Description).HasMaxLength(1024);
        builder.HasIndex(r => new { r.OwnerId, r.Kind, r.Name }).IsUnique();
        builder.Property(r => r.NormalizedName).HasMaxLength(96);
        builder.HasIndex(r => new { r.OwnerId, r.Kind, r.NormalizedName }).IsUnique();
        builder.HasIndex(r => r.UpdatedAt);
        builder.HasOne(r => r.Owner).WithMany(o => o.Repositories).HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
