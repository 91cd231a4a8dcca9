namespace ModelHub.Server.Datasets;

public enum TableOutcome
{
    Found,
    VersionNotFound,
    TableNotFound,
    NotReady,
    Invalid,
}
