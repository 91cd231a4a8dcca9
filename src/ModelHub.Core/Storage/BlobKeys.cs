using ModelHub.Core.Digests;

namespace ModelHub.Core.Storage;

/// <summary>The layout of keys in an <see cref="IBlobStore"/>: verified blobs and upload staging never share a prefix.</summary>
public static class BlobKeys
{
    /// <summary><c>blobs/sha256/ab/abcdef…</c>: only verified bytes live here.</summary>
    public static string ForBlob(Sha256Digest digest) => $"blobs/sha256/{digest.Hex[..2]}/{digest.Hex}";

    /// <summary>The one staging object of an upload session in an <see cref="IInPlaceUploadStore"/>.</summary>
    public static string ForUploadSession(Guid sessionId) => $"uploads/{sessionId:N}/data";

    /// <summary>One chunk of an upload session, staged until the session completes or is cancelled.</summary>
    public static string ForUploadPart(Guid sessionId, long offset, Guid partId) =>
        $"uploads/{sessionId:N}/{offset:D20}-{partId:N}";
}
