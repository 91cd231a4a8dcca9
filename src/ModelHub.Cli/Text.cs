using System.Globalization;

namespace ModelHub.Cli;

/// <summary>How the CLI prints values in human output.</summary>
internal static class Text
{
    /// <summary>A timestamp as the API's JSON writes it (ISO 8601, trailing zeros of the fraction dropped).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
