using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.Property(c => c.UpdatedBy).HasMaxLength(128);
        builder.HasIndex(c => new { c.RepositoryId, c.Name }).IsUnique();
        builder.HasOne<Repository>().WithMany().HasForeignKey(c => c.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        // A version a channel points at cannot be deleted from under it (checked at the end of a statement, so deleting the
        // whole repository still cascades).
        builder.HasOne(c => c.Version).WithMany().HasForeignKey(c => c.VersionId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(c => c.RolloutVersion).WithMany().HasForeignKey(c => c.RolloutVersionId).OnDelete(DeleteBehavior.NoAction);
        builder.HasMany(c => c.History).WithOne().HasForeignKey(e => e.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
