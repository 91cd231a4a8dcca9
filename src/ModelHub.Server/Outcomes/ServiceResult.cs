namespace ModelHub.Server.Outcomes;

/// <summary>
/// What a feature service did, as a value its feature turns into HTTP (one <c>ToProblem()</c> beside its routes):
/// the outcome, why when it did nothing, and for a request that broke a rule the error to answer 400 with.
/// </summary>
public abstract record ServiceResult<TOutcome>(TOutcome Outcome, string Detail = "", RequestError? Error = null)
    where TOutcome : struct, Enum;
