namespace ModelHub.Datasets.Errors;

/// <summary>Bad input to the table engine, with a stable <see cref="Code"/> (<see cref="DatasetErrorCodes"/>) and a
/// message meant for the person who sent the input. Anything else thrown by the engine is a bug.</summary>
public class DatasetException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
