using System.Text.Json;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Entities;
using ModelHub.Datasets.Isolation;

namespace ModelHub.Server.Versions;

/// <summary>
/// The JSON a dataset version keeps (a table's summary, a commit's summary), read and written in one place, and a
/// table as the API shows it.
/// </summary>
public static class VersionTables
{
    public static TableSummary? ReadSummary(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<TableSummary>(json, WorkerJson.Options);

    public static string WriteSummary(TableSummary summary) => JsonSerializer.Serialize(summary, WorkerJson.Options);

    public static CommitSummary? ReadCommit(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<CommitSummary>(json, WorkerJson.Options);

    public static string WriteCommit(CommitSummary summary) => JsonSerializer.Serialize(summary, WorkerJson.Options);

    public static string StateName(this TableState state) => state switch
    {
        TableState.Indexed => TableStates.Indexed,
        TableState.Failed => TableStates.Failed,
        _ => TableStates.Pending,
    };

    public static TableInfo AsInfo(this VersionTable table) =>
        new(table.Path, table.State.StateName(), table.Format, table.RowCount, ReadSummary(table.Summary)?.Columns, table.Error,
            table.KeyColumn);
}
