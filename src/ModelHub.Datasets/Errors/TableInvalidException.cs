namespace ModelHub.Datasets.Errors;

/// <summary>The table does not parse as its format; the message says where when DuckDB does.</summary>
public sealed class TableInvalidException(string message, Exception? inner = null)
    : DatasetException(DatasetErrorCodes.TableInvalid, message, inner);
