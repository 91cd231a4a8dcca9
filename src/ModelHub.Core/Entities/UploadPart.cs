namespace ModelHub.Core.Entities;

/// <summary>One chunk of an <see cref="UploadSession"/>, stored at <see cref="Key"/> in the staging area.</summary>
public sealed class UploadPart
{
    public long Id { get; set; }
    public Guid SessionId { get; set; }
    public long Offset { get; set; }
    public long Length { get; set; }
    public required string Key { get; set; }
}
