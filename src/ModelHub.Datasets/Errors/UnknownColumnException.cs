namespace ModelHub.Datasets.Errors;

/// <summary>A column name the table does not have; <see cref="Columns"/> lists those it has.</summary>
public sealed class UnknownColumnException(string column, IReadOnlyList<string> columns, int? position = null)
    : DatasetException(
        DatasetErrorCodes.UnknownColumn,
        $"Unknown column '{column}'{(position is { } at ? $" at position {at}" : "")}; the columns are: {string.Join(", ", columns)}.")
{
    public string Column { get; } = column;

    public IReadOnlyList<string> Columns { get; } = columns;

    public int? Position { get; } = position;
}
