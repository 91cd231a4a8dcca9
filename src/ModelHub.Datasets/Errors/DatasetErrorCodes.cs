namespace ModelHub.Datasets.Errors;

/// <summary>The stable codes of <see cref="DatasetException"/>; the server answers them as problem codes.</summary>
public static class DatasetErrorCodes
{
    /// <summary>The table does not parse (bad CSV quoting, a JSONL line that is not JSON, a truncated Parquet…): 422.</summary>
    public const string TableInvalid = "table_invalid";

    /// <summary>The filter does not parse or does not fit the columns' types: 400.</summary>
    public const string InvalidFilter = "invalid_filter";

    /// <summary>A filter, request or edit names a column the table does not have: 400.</summary>
    public const string UnknownColumn = "unknown_column";

    /// <summary>The key column has duplicate or null values (in the parent, or in the edits): 422.</summary>
    public const string DuplicateKey = "duplicate_key";

    /// <summary>A delete names a key the parent does not have: 422.</summary>
    public const string KeyNotFound = "key_not_found";

    /// <summary>An edit is unusable: a value that does not cast to its column's type, a row both edited and deleted: 422.</summary>
    public const string EditInvalid = "edit_invalid";
}
