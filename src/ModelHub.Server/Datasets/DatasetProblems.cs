using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Datasets.Errors;
using ModelHub.Server.Http;

namespace ModelHub.Server.Datasets;

/// <summary>The problems of the datasets feature: table lookups, and the engine's refusals by their stable codes.</summary>
public static class DatasetProblems
{
    public static ProblemHttpResult ToProblem(this TableLookup lookup) => lookup.Outcome switch
    {
        TableOutcome.VersionNotFound => Problems.NotFound(ErrorCodes.VersionNotFound, lookup.Detail),
        TableOutcome.TableNotFound => Problems.NotFound(ErrorCodes.TableNotFound, lookup.Detail),
        TableOutcome.NotReady => Problems.Conflict(ErrorCodes.TableNotReady, lookup.Detail),
        TableOutcome.Invalid => Problems.Unprocessable(ErrorCodes.TableInvalid, lookup.Detail),
        _ => throw new UnreachableException($"A table that is {lookup.Outcome} is not a problem."),
    };

    /// <summary>Bad input the engine refused: a filter or column is the request's fault (400), a table or edit that
    /// breaks a rule is unprocessable (422).</summary>
    public static ProblemHttpResult ToProblem(this DatasetException e)
    {
        var extensions = e switch
        {
            UnknownColumnException u => new Dictionary<string, object?> { ["column"] = u.Column, ["columns"] = u.Columns },
            FilterException { Position: { } at } => new Dictionary<string, object?> { ["position"] = at },
            KeyException k => new Dictionary<string, object?> { ["keys"] = k.Examples },
            EditInvalidException { Column: { } column } edit => new Dictionary<string, object?> { ["column"] = column, ["row"] = edit.Row },
            _ => null,
        };
        return e.Code is DatasetErrorCodes.InvalidFilter or DatasetErrorCodes.UnknownColumn
            ? Problems.BadRequest(e.Code, e.Message, extensions)
            : Problems.Unprocessable(e.Code, e.Message, extensions);
    }
}
