namespace ModelHub.Server.Repositories;

public enum RepositoryOutcome
{
    Created,
    Updated,
    Deleted,
    Invalid,
    Unauthenticated,
    Forbidden,
    Exists,
    NameTaken,
    InUse,
}
