using DuckDB.NET.Data;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Engine;

/// <summary>Turns DuckDB's errors about input into the engine's typed exceptions.</summary>
internal static class DuckErrors
{
    /// <summary>Runs work that reads a table file: a DuckDB error there means the file does not parse.</summary>
    public static async Task<T> TableAsync<T>(Func<Task<T>> work, string path)
    {
        try
        {
            return await work();
        }
        catch (DuckDBException e)
        {
            throw new TableInvalidException(Describe(e, path), e);
        }
    }

    /// <summary>DuckDB's first message line, without its SQL excerpt (engine internals) and with the local path of the
    /// file (a cache path of the server) shortened to the file name.</summary>
    public static string Describe(DuckDBException e, string? path = null)
    {
        var first = e.Message.Split('\n', 2)[0].Trim();
        if (path is not null)
        {
            first = first.Replace(Path.GetFullPath(path), Path.GetFileName(path), StringComparison.Ordinal);
        }

        return first.Length > 500 ? first[..500] + "…" : first;
    }
}
