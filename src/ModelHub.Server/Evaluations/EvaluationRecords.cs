using System.Text.Json;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Entities;
using ModelHub.Evaluations.Isolation;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Evaluations;

/// <summary>The one place an evaluation's JSON columns (spec, results, suspects) are read and written, and its wire shape.</summary>
public static class EvaluationRecords
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, EvaluationJson.Options);

    public static EvaluationSpec ReadSpec(Evaluation evaluation) =>
        JsonSerializer.Deserialize<EvaluationSpec>(evaluation.Spec, EvaluationJson.Options)!;

    public static StoredResults? ReadResults(Evaluation evaluation) => evaluation.Results is null ? null
        : JsonSerializer.Deserialize<StoredResults>(evaluation.Results, EvaluationJson.Options);

    public static List<SuspectRow> ReadSuspects(Evaluation evaluation) => evaluation.Suspects is null ? []
        : JsonSerializer.Deserialize<List<SuspectRow>>(evaluation.Suspects, EvaluationJson.Options) ?? [];

    /// <summary>
    /// Whether <paramref name="caller"/> may see an evaluation: it shows the model's results and the dataset's rows (keys,
    /// labels), so both repositories must be visible (a deleted dataset version leaves the model's rule). Needs both
    /// versions with their repositories and owners loaded.
    /// </summary>
    public static bool VisibleTo(this Evaluation evaluation, Caller caller) =>
        caller.CanSee(evaluation.Version.Repository)
        && (evaluation.DatasetVersion is null || caller.CanSee(evaluation.DatasetVersion.Repository));

    /// <summary>The wire shape; needs the evaluation's model version with its repository and owner loaded.</summary>
    public static EvaluationInfo AsInfo(this Evaluation evaluation)
    {
        var results = ReadResults(evaluation);
        var repository = evaluation.Version.Repository;
        return new EvaluationInfo(evaluation.Id, $"{repository.Owner.Name}/{repository.Name}", evaluation.Version.Name,
            evaluation.Dataset, evaluation.Table, evaluation.State, evaluation.RowsDone, evaluation.RowCount, evaluation.Error,
            results?.Tiers, results?.Gate, evaluation.SuspectCount, evaluation.PredictionsDigest, evaluation.AcceptedAs,
            ReadSpec(evaluation), evaluation.CreatedAt, evaluation.CompletedAt);
    }
}

/// <summary>What an evaluation stored: rows evaluated and skipped (with the first reason), results per tier, the gate.</summary>
public sealed record StoredResults(long Rows, long Skipped, string? SkipReason, IReadOnlyList<TierResult> Tiers, GateVerdict? Gate);
