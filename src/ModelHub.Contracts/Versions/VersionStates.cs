namespace ModelHub.Contracts.Versions;

/// <summary>The values of <see cref="VersionDetail.State"/>: a version validates, then is published or rejected.</summary>
public static class VersionStates
{
    public const string Validating = "validating";
    public const string Published = "published";
    public const string Rejected = "rejected";
}
