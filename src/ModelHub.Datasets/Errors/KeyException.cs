namespace ModelHub.Datasets.Errors;

/// <summary>A key rule of a commit failed (<see cref="DatasetErrorCodes.DuplicateKey"/> or
/// <see cref="DatasetErrorCodes.KeyNotFound"/>); <see cref="Examples"/> lists a few offending keys.</summary>
public sealed class KeyException(string code, string message, IReadOnlyList<string> examples)
    : DatasetException(code, $"{message}: {string.Join(", ", examples)}.")
{
    public IReadOnlyList<string> Examples { get; } = examples;
}
