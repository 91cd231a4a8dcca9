using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>The one place a version's stored validation report is read and written (it is kept as JSON).</summary>
public static class ValidationReports
{
    /// <summary>The report, or null while the version has not been validated (or needs no validation).</summary>
    public static ValidationReport? Read(RepositoryVersion version) =>
        version.ValidationReport is null
            ? null
            : JsonSerializer.Deserialize<ValidationReport>(version.ValidationReport, ValidationJson.Options);

    public static void Store(RepositoryVersion version, ValidationReport report) =>
        version.ValidationReport = JsonSerializer.Serialize(report, ValidationJson.Options);
}
