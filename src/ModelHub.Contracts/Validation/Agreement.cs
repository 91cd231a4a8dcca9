namespace ModelHub.Contracts.Validation;

/// <summary>Per-output agreement of a tier with its reference: largest absolute difference and cosine similarity.</summary>
public sealed record Agreement(string Output, double MaxAbsDiff, double Cosine, bool Passed, string? Reason);
