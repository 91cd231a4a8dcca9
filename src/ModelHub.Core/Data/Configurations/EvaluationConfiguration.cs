using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Entities;

namespace ModelHub.Core.Data.Configurations;

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> builder)
    {
        builder.ToTable("Evaluations");
        builder.Property(e => e.Dataset).HasMaxLength(256);
        builder.Property(e => e.Table).HasMaxLength(1024);
        builder.Property(e => e.State).HasMaxLength(16);
        builder.Property(e => e.Error).HasMaxLength(4096);
        builder.Property(e => e.PredictionsDigest).HasMaxLength(71);
        builder.Property(e => e.AcceptedAs).HasMaxLength(64);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.HasOne(e => e.Version).WithMany().HasForeignKey(e => e.VersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.DatasetVersion).WithMany().HasForeignKey(e => e.DatasetVersionId).OnDelete(DeleteBehavior.SetNull);
        // The predictions are pinned while their evaluation exists.
        builder.HasOne<Blob>().WithMany().HasForeignKey(e => e.PredictionsDigest).OnDelete(DeleteBehavior.Restrict);
    }
}
