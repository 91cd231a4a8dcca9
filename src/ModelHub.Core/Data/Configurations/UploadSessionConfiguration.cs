using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class UploadSessionConfiguration : IEntityTypeConfiguration<UploadSession>
{
    public void Configure(EntityTypeBuilder<UploadSession> builder)
    {
        builder.Property(s => s.CreatedBy).HasMaxLength(128);
        // Two chunks racing for the same offset: only the first to save moves the offset on.
        builder.Property(s => s.Offset).IsConcurrencyToken();
        builder.HasIndex(s => s.UpdatedAt);
        builder.HasMany(s => s.Parts).WithOne().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
