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
        // DuckDB adds advice about its own options and an excerpt of the SQL: neither helps the person who sent the file.
        var lines = e.Message.Split('\n')
            .Select(l => l.Trim())
            .TakeWhile(l => l.Length > 0 && !l.StartsWith("Possible fixes", StringComparison.Ordinal)
                && !l.StartsWith("The search space", StringComparison.Ordinal) && !l.StartsWith("LINE ", StringComparison.Ordinal))
            .Take(3);
        var text = string.Join(" ", lines);
        foreach (var prefix in (string[])["Invalid Input Error: ", "IO Error: "])
        {
            text = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
        }

        if (path is not null)
        {
            text = text.Replace(Path.GetFullPath(path), Path.GetFileName(path), StringComparison.Ordinal);
        }

        return text.Length > 500 ? text[..500] + "…" : text;
    }
}
