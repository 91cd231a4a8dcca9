namespace ModelHub.Core.Entities;

/// <summary>
/// A tier of a model version (<c>fp32</c>, <c>fp16</c>, <c>int8</c> …): which ONNX file it is and what it needs.
/// Exactly one variant of a version is the reference the others are checked against.
/// </summary>
public sealed class VersionVariant
{
    public long Id { get; set; }
    public long VersionId { get; set; }
    public required string Name { get; set; }
    /// <summary>The path of the variant's ONNX file within the version.</summary>
    public required string Path { get; set; }
    /// <summary>The precision the uploader declared (fp32, fp16, int8 …), checked against the detected one.</summary>
    public string? Precision { get; set; }
    public bool IsReference { get; set; }
    public List<string> Providers { get; set; } = [];
    public long? MinMemoryMb { get; set; }
    public double? Quality { get; set; }
}
