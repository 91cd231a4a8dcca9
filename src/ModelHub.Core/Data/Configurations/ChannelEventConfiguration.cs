using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ChannelEventConfiguration : IEntityTypeConfiguration<ChannelEvent>
{
    public void Configure(EntityTypeBuilder<ChannelEvent> builder)
    {
        builder.Property(e => e.FromVersion).HasMaxLength(64);
        builder.Property(e => e.ToVersion).HasMaxLength(64);
        builder.Property(e => e.RolloutVersion).HasMaxLength(64);
        builder.Property(e => e.By).HasMaxLength(128);
    }
}
