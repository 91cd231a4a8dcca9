namespace ModelHub.Core.Entities;

public enum RepositoryKind
{
    Model = 0,
    Dataset = 1,
}
