namespace ModelHub.Server.Versions;

public enum VersionOutcome
{
    Published,
    Validating,
    Deleted,
    Invalid,
    /// <summary>Well-formed but refused by an <see cref="IVersionCheck"/> (422).</summary>
    Unprocessable,
    BlobsMissing,
    SizeMismatch,
    DatasetsNotFound,
    Exists,
    NotFound,
    InChannel,
    InUse,
}
