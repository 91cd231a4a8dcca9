using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class DerivedBlobConfiguration : IEntityTypeConfiguration<DerivedBlob>
{
    public void Configure(EntityTypeBuilder<DerivedBlob> builder)
    {
        builder.HasKey(d => new { d.SourceDigest, d.Kind });
        builder.Property(d => d.SourceDigest).HasMaxLength(71);
        builder.Property(d => d.Kind).HasMaxLength(32);
        builder.Property(d => d.Digest).HasMaxLength(71);
        builder.Property(d => d.Error).HasMaxLength(1024);
        // A derived blob pins its bytes; the collector removes the record first once no file holds its source.
        builder.HasOne<Blob>().WithMany().HasForeignKey(d => d.Digest).OnDelete(DeleteBehavior.Restrict);
    }
}
