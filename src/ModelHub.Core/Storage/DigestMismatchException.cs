namespace ModelHub.Core.Storage;

/// <summary>The bytes received do not hash to the digest the client declared.</summary>
public class DigestMismatchException(string message) : Exception(message);

/// <summary>The bytes received are fewer or more than the client declared.</summary>
public sealed class ContentLengthMismatchException(long expected, long actual)
    : DigestMismatchException($"Received {actual} bytes where {expected} were declared.")
{
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
