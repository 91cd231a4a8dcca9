using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Datasets;
using ModelHub.Server.Http;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Evaluations;

/// <summary>An evaluation service's answer: the value asked for, or why not (with the table lookup, the commit's result or
/// the details a problem carries, such as the spec's errors and what exists).</summary>
public sealed record EvaluationResult<T>(
    EvaluationOutcome Outcome,
    string Detail = "",
    T? Value = default,
    IDictionary<string, object?>? Extensions = null,
    TableLookup? Lookup = null,
    CommitResult? Commit = null) : ServiceResult<EvaluationOutcome>(Outcome, Detail)
{
    public ProblemHttpResult ToProblem() => Outcome switch
    {
        EvaluationOutcome.VersionNotFound => Problems.NotFound(ErrorCodes.VersionNotFound, Detail),
        EvaluationOutcome.NotAModel => Problems.BadRequest(ErrorCodes.NotAModel, Detail),
        EvaluationOutcome.NotPublished => Problems.Conflict(ErrorCodes.VersionNotPublished, Detail),
        EvaluationOutcome.SpecInvalid => Problems.Unprocessable(ErrorCodes.EvaluationSpecInvalid, Detail, Extensions),
        EvaluationOutcome.DatasetNotFound => Problems.Unprocessable(ErrorCodes.DatasetVersionNotFound, Detail),
        EvaluationOutcome.Table => Lookup!.ToProblem(),
        EvaluationOutcome.EvaluationNotFound => Problems.NotFound(ErrorCodes.EvaluationNotFound, Detail),
        EvaluationOutcome.NotDone => Problems.Conflict(ErrorCodes.EvaluationNotDone, Detail),
        EvaluationOutcome.Forbidden => Problems.Forbidden(Detail),
        EvaluationOutcome.Commit => Commit!.ToProblem(),
        EvaluationOutcome.Invalid => Problems.BadRequest(ErrorCodes.InvalidField, Detail),
        EvaluationOutcome.AlreadyAccepted => Problems.Conflict(ErrorCodes.SuspectsAlreadyAccepted, Detail),
        EvaluationOutcome.MovedOn => Problems.Conflict(ErrorCodes.DatasetMovedOn, Detail),
        _ => throw new System.Diagnostics.UnreachableException($"{Outcome} is not a problem."),
    };
}

/// <summary>Makes the answer of a service that did what was asked.</summary>
public static class EvaluationResults
{
    public static EvaluationResult<T> Done<T>(T value) => new(EvaluationOutcome.Done, Value: value);
}
