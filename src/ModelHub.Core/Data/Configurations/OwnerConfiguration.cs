using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class OwnerConfiguration : IEntityTypeConfiguration<Owner>
{
    public void Configure(EntityTypeBuilder<Owner> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(64);
        builder.HasIndex(o => o.Name).IsUnique();
        // Unique ignoring case; longer than a name for the rows a migration had to tell apart (see CaseInsensitiveNames).
        builder.Property(o => o.NormalizedName).HasMaxLength(96);
        builder.HasIndex(o => o.NormalizedName).IsUnique();
    }
}
