using DuckDB.NET.Data;
using ModelHub.Datasets.Engine;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// A DuckDB database started ahead of need: a worker's warm-up starts the one its evaluation will use (starting a database
/// costs ~20 ms, longer than loading a small model), and the pager configures and locks it when the work arrives, before any
/// SQL runs on it. Without one, the pager starts its own.
/// </summary>
internal static class DatabaseStandby
{
    private static DuckDBConnection? _database;

    public static void Prepare() => Interlocked.Exchange(ref _database, DuckSession.OpenDatabase())?.Dispose();

    public static DuckDBConnection Take() => Interlocked.Exchange(ref _database, null) ?? DuckSession.OpenDatabase();
}
