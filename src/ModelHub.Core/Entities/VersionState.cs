namespace ModelHub.Core.Entities;

public enum VersionState
{
    Validating = 0,
    Published = 1,
    Rejected = 2,
}
