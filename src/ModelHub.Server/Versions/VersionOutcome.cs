namespace ModelHub.Server.Versions;

public enum VersionOutcome
{
    Published,
    Validating,
    Deleted,
    Invalid,
    BlobsMissing,
    SizeMismatch,
    DatasetsNotFound,
    Exists,
    NotFound,
    InChannel,
    InUse,
}
