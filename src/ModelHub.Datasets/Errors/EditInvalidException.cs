namespace ModelHub.Datasets.Errors;

/// <summary>An edit the table cannot take: <see cref="Column"/> and the 1-based data <see cref="Row"/> of the edits file
/// say where, when the problem is one cell.</summary>
public sealed class EditInvalidException(string message, string? column = null, long? row = null)
    : DatasetException(DatasetErrorCodes.EditInvalid, message)
{
    public string? Column { get; } = column;

    public long? Row { get; } = row;
}
