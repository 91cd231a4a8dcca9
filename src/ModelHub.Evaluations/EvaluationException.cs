namespace ModelHub.Evaluations;

/// <summary>The spec does not fit the model or the table (an input's shape, an output's size, a label no class has):
/// the evaluation fails with this message, which is meant for people.</summary>
public sealed class EvaluationException(string message) : Exception(message);
