using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelHub.Benchmarks;

/// <summary>
/// <c>wrk</c> (<c>apt-get install wrk</c>): one thread, N connections, a fixed duration; requests per second and the
/// latency percentiles it reports. One thread leaves the second core of a 2-core machine to the server measured.
/// </summary>
public static partial class Wrk
{
    public const string Binary = "/usr/bin/wrk";

    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    public static bool IsAvailable => File.Exists(Binary);

    public static async Task<Result> RunAsync(Uri url, int connections, TimeSpan duration)
    {
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", url.ToString() })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var errors = ErrorsLine().Match(output) is { Success: true } e ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Result(
            double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile("50", output)), Milliseconds(Percentile("99", output)), errors);
    }

    private static Match Percentile(string percent, string output) =>
        Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex ErrorsLine();
}
