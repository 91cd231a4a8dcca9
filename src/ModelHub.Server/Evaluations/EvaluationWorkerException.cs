namespace ModelHub.Server.Evaluations;

/// <summary>The evaluation worker crashed or was stopped at a limit (not a refusal of the spec, which is a result).</summary>
public sealed class EvaluationWorkerException(string message) : Exception(message);
