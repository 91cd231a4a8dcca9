namespace ModelHub.Server.Outcomes;

/// <summary>
/// A request that breaks a rule before anything is stored: the stable <c>code</c> clients switch on, what to tell
/// them, and optional details (such as the index of the offending item). Answered 400.
/// </summary>
public sealed record RequestError(string Code, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null);
