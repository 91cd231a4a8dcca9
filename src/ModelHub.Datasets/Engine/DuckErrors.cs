using DuckDB.NET.Data;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Engine;

/// <summary>Turns DuckDB's errors about input into the engine's typed exceptions.</summary>
internal static class DuckErrors
{
    /// <summary>Runs work that reads a table file: a DuckDB error there means the file does not parse.</summary>
    public static Task<T> TableAsync<T>(Func<Task<T>> work, string path) => RunAsync(work, path, filtered: false);

    /// <summary>
    /// Runs a filtered query: DuckDB's conversion and binder errors there come from a filter literal that does not fit
    /// its column (<c>score &gt; 'abc'</c>), which is the client's mistake, not the table's.
    /// </summary>
    public static Task<T> FilteredAsync<T>(Func<Task<T>> work, string path) => RunAsync(work, path, filtered: true);

    private static async Task<T> RunAsync<T>(Func<Task<T>> work, string path, bool filtered)
    {
        try
        {
            return await work();
        }
        catch (DuckDBException e) when (filtered && (e.Message.StartsWith("Conversion Error", StringComparison.Ordinal)
            || e.Message.StartsWith("Binder Error", StringComparison.Ordinal)))
        {
            throw new FilterException($"A value of the filter does not fit its column: {Describe(e, path)}", null, e);
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
