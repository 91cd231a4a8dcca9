namespace ModelHub.Datasets.Errors;

/// <summary>The filter does not parse, or a literal does not fit its column; <see cref="Position"/> is the 0-based
/// character offset of the offending token when known.</summary>
public sealed class FilterException(string message, int? position, Exception? inner = null)
    : DatasetException(DatasetErrorCodes.InvalidFilter, position is { } at ? $"{message} (at position {at})" : message, inner)
{
    public int? Position { get; } = position;
}
