namespace ModelHub.Contracts;

/// <summary>
/// The HTTP headers the ModelHub API defines or reads beyond the standard ones. Clients depend on these; never rename one.
/// </summary>
public static class ApiHeaders
{
    /// <summary>The Ed25519 signature of a manifest body: <c>keyid="…", alg="ed25519", sig="…"</c>.</summary>
    public const string Signature = "ModelHub-Signature";

    /// <summary>How many bytes an upload session holds: the next chunk starts there.</summary>
    public const string UploadOffset = "Upload-Offset";

    /// <summary>The id of an upload session, as the OCI distribution spec names it.</summary>
    public const string UploadUuid = "Docker-Upload-UUID";

    /// <summary>The chunk an upload session PATCH carries, OCI style: <c>0-1023</c> (inclusive, no unit).</summary>
    public const string ContentRange = "Content-Range";

    /// <summary>The digest of a blob (<c>sha256:…</c>), as OCI registries send it.</summary>
    public const string ContentDigest = "Docker-Content-Digest";

    /// <summary>The digest of a blob as RFC 9530 writes it: <c>sha-256=:base64:</c>.</summary>
    public const string ReprDigest = "Repr-Digest";

    /// <summary>The execution providers a device has (<c>webgpu,wasm</c>); the <c>ep</c> query parameter wins over it.</summary>
    public const string Providers = "ModelHub-Providers";

    /// <summary>A stable id of the client, so staged rollouts give it the same answer every time.</summary>
    public const string ClientId = "ModelHub-Client-Id";

    /// <summary>Client hint: the device's memory in gibibytes (0.25 … 8).</summary>
    public const string DeviceMemory = "Device-Memory";

    /// <summary>Client hint: the user asked to save data (<c>on</c>).</summary>
    public const string SaveData = "Save-Data";

    /// <summary>Client hint: the effective connection type (<c>4g</c>, <c>3g</c> …).</summary>
    public const string EffectiveConnectionType = "ECT";

    /// <summary>
    /// Client hint: the browser's operating system (<c>"Android"</c>, <c>"Windows"</c> …). Only browsers send it (like
    /// <see cref="UserAgentBrands"/> and <see cref="Mobile"/>), so its presence makes the platform <c>web</c>.
    /// </summary>
    public const string Platform = "Sec-CH-UA-Platform";

    /// <summary>Client hint: the browser's brands and versions; only browsers send it.</summary>
    public const string UserAgentBrands = "Sec-CH-UA";

    /// <summary>Client hint: <c>?1</c> on a phone or tablet browser; only browsers send it.</summary>
    public const string Mobile = "Sec-CH-UA-Mobile";

    /// <summary>
    /// Hugging Face compatibility: the commit a file was resolved from, a 40-hex id derived from the version's content
    /// (accepted as a revision).
    /// </summary>
    public const string RepoCommit = "X-Repo-Commit";

    /// <summary>Hugging Face compatibility: the ETag of the file a resolve URL points at.</summary>
    public const string LinkedEtag = "X-Linked-Etag";

    /// <summary>Hugging Face compatibility: the size of the file a resolve URL points at.</summary>
    public const string LinkedSize = "X-Linked-Size";
}
