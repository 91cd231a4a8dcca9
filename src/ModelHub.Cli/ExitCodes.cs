namespace ModelHub.Cli;

/// <summary>What <c>modelhub</c> exits with, for scripts.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Rejected = 3;
    public const int NotFound = 4;
    public const int Unauthorized = 5;
    public const int Integrity = 6;
    public const int Unreachable = 7;
}
