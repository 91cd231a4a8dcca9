namespace ModelHub.Contracts.Validation;

/// <summary>
/// Limits a version asks for its validation. The memory cap may be anything up to the server's maximum
/// (<c>ModelHub:Validation:MemoryCapMegabytes</c>); left out, the server's maximum applies.
/// </summary>
public sealed record ValidationLimits(int? MemoryCapMegabytes = null);

/// <summary>The limits a validation ran under, stated in its report.</summary>
/// <param name="MemoryCapMegabytes">The cap on the worker process's resident memory, at its peak.</param>
/// <param name="MaxMemoryCapMegabytes">The most a version may request on this server.</param>
/// <param name="RequestedMemoryCapMegabytes">What the version asked for, if anything.</param>
/// <param name="TimeoutSeconds">The wall-clock limit of the whole validation.</param>
public sealed record AppliedLimits(
    int MemoryCapMegabytes,
    int MaxMemoryCapMegabytes,
    int? RequestedMemoryCapMegabytes,
    double TimeoutSeconds)
{
    /// <summary>The server setting behind the maximum, named in reasons so an operator knows what to change.</summary>
    public const string MaxMemorySetting = "ModelHub:Validation:MemoryCapMegabytes";

    /// <summary>The version request field a publisher changes, named in reasons.</summary>
    public const string RequestField = "limits.memoryCapMegabytes";

    public const string TimeoutSetting = "ModelHub:Validation:Timeout";
}
