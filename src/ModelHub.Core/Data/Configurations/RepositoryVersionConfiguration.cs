using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class RepositoryVersionConfiguration : IEntityTypeConfiguration<RepositoryVersion>
{
    public void Configure(EntityTypeBuilder<RepositoryVersion> builder)
    {
        builder.ToTable("Versions");
        builder.Property(v => v.Name).HasMaxLength(64);
        builder.Property(v => v.CreatedBy).HasMaxLength(128);
        builder.HasIndex(v => new { v.RepositoryId, v.Name }).IsUnique();
        builder.HasOne(v => v.Repository).WithMany(r => r.Versions).HasForeignKey(v => v.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        // History survives deleting a version in it: its children keep their summary and lose only the link.
        builder.HasOne(v => v.Parent).WithMany().HasForeignKey(v => v.ParentId).OnDelete(DeleteBehavior.SetNull);
    }
}
