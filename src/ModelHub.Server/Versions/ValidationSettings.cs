using System.Text.Json;
using ModelHub.Contracts.Validation;

namespace ModelHub.Server.Versions;

/// <summary>What the uploader said about validating a version, stored with it as JSON.</summary>
public sealed record ValidationSettings(SmokeSettings? Smoke, Tolerance? Tolerance)
{
    public static string Serialize(SmokeSettings? smoke, Tolerance? tolerance) =>
        JsonSerializer.Serialize(new ValidationSettings(smoke, tolerance), ValidationJson.Options);

    public static ValidationSettings Parse(string? json) =>
        json is null ? new ValidationSettings(null, null) : JsonSerializer.Deserialize<ValidationSettings>(json, ValidationJson.Options)!;
}
