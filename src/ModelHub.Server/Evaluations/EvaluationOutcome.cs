namespace ModelHub.Server.Evaluations;

/// <summary>What an evaluation request came to; every value but <see cref="Done"/> is a problem for the caller.</summary>
public enum EvaluationOutcome
{
    Done,
    VersionNotFound,
    NotAModel,
    NotPublished,
    SpecInvalid,
    DatasetNotFound,
    Table,
    EvaluationNotFound,
    NotDone,
    Forbidden,
    Commit,
    Invalid,
    AlreadyAccepted,
    MovedOn,
}
