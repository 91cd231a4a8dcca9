namespace ModelHub.Server.Datasets;

public enum CommitOutcome
{
    Created,
    Invalid,
    ParentNotFound,
    TableNotFound,
    TableNotReady,
    BlobsMissing,
    Refused,
    Version,
}
