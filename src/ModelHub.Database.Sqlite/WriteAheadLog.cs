using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelHub.Database.Sqlite;

/// <summary>
/// Opens every connection in write-ahead-log mode with <c>synchronous = NORMAL</c>. In SQLite's default rollback journal a
/// commit took several fsyncs and a writer shut out every reader: each step of a validation (the version's POST, the
/// job's claim, the verdict) paid 10–40 ms on a busy disk, and manifest reads waited behind them. In WAL a commit appends
/// to the log and readers go on reading; NORMAL syncs the log at checkpoints only, so a power cut may lose the last
/// commits but never corrupts the database — the blob store does not sync its files either. The journal mode is kept in
/// the database file; setting it again on a database already in WAL is a no-op.
/// </summary>
internal sealed class WriteAheadLog : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (ReadOnly(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (ReadOnly(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>EF Core asks whether the database exists through a read-only connection, which may not change the journal.</summary>
    private static bool ReadOnly(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;
}
