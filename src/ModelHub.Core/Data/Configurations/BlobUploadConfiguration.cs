using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class BlobUploadConfiguration : IEntityTypeConfiguration<BlobUpload>
{
    public void Configure(EntityTypeBuilder<BlobUpload> builder)
    {
        builder.HasKey(u => new { u.Digest, u.UploadedBy });
        builder.Property(u => u.Digest).HasMaxLength(71);
        builder.Property(u => u.UploadedBy).HasMaxLength(128);
        // The collector deletes a blob's row; who uploaded it goes with it.
        builder.HasOne<Blob>().WithMany().HasForeignKey(u => u.Digest).OnDelete(DeleteBehavior.Cascade);
    }
}
