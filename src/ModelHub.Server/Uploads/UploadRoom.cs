namespace ModelHub.Server.Uploads;

/// <summary>
/// How many more bytes a session may take: <see cref="BlobBytes"/> before its blob passes the largest size accepted
/// (<see cref="MaxBlobBytes"/>), <see cref="QuotaBytes"/> before its token passes its staged-bytes quota.
/// </summary>
public sealed record UploadRoom(long MaxBlobBytes, long BlobBytes, long QuotaBytes)
{
    public long Bytes => Math.Min(BlobBytes, QuotaBytes);
}
