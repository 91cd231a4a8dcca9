using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Uploads;

/// <summary>What one token may hold: bounds that keep a writer (or a stolen write token) from filling the disk.</summary>
public sealed class UploadOptions
{
    public const string Section = "ModelHub:Uploads";

    /// <summary>The largest blob accepted; a PUT or chunk that declares (or sends) more is refused with 413 before it is stored.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxBlobBytes { get; set; } = 256L << 30;

    /// <summary>Upload sessions one token may have open at once.</summary>
    [Range(1, 100_000)]
    public int MaxOpenSessionsPerToken { get; set; } = 32;

    /// <summary>Bytes one token may hold staged in its open sessions (they are freed when a session completes or is cancelled).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxStagedBytesPerToken { get; set; } = 512L << 30;
}
