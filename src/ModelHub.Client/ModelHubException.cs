namespace ModelHub.Client;

/// <summary>The server refused a request; <see cref="Code"/> is its stable problem-details code (e.g. <c>no_tier_fits</c>).</summary>
public sealed class ModelHubException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>Downloaded bytes or a manifest failed verification; nothing unverified was kept.</summary>
public sealed class IntegrityException(string message) : Exception(message);
