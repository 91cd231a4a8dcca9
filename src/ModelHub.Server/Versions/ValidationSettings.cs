using System.Text.Json;
using ModelHub.Contracts.Validation;

namespace ModelHub.Server.Versions;

/// <summary>What the uploader said about validating a version (hints, tolerance, limits asked for), stored with it as JSON.</summary>
public sealed record ValidationSettings(SmokeSettings? Smoke, Tolerance? Tolerance, ValidationLimits? Limits = null)
{
    public static string Serialize(SmokeSettings? smoke, Tolerance? tolerance, ValidationLimits? limits) =>
        JsonSerializer.Serialize(new ValidationSettings(smoke, tolerance, limits), ValidationJson.Options);

    public static ValidationSettings Parse(string? json) =>
        json is null ? new ValidationSettings(null, null) : JsonSerializer.Deserialize<ValidationSettings>(json, ValidationJson.Options)!;
}
