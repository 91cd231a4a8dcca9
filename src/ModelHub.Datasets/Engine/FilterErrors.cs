using DuckDB.NET.Data;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Engine;

/// <summary>Runs a filtered query: DuckDB's conversion and binder errors there come from a filter literal that does not
/// fit its column (<c>score &gt; 'abc'</c>), which is the client's mistake, not the table's.</summary>
internal static class FilterErrors
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> work, string path)
    {
        try
        {
            return await work();
        }
        catch (DuckDBException e) when (e.Message.StartsWith("Conversion Error", StringComparison.Ordinal)
            || e.Message.StartsWith("Binder Error", StringComparison.Ordinal))
        {
            throw new FilterException($"A value of the filter does not fit its column: {DuckErrors.Describe(e, path)}", null, e);
        }
        catch (DuckDBException e)
        {
            throw new TableInvalidException(DuckErrors.Describe(e, path), e);
        }
    }
}
