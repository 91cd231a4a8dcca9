using System.Globalization;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Reads the device from query parameters and standard client hints (query wins): <c>memory</c> / <c>Device-Memory</c>,
/// <c>ep</c> / <c>ModelHub-Providers</c>, <c>platform</c> / <c>Sec-CH-UA-Platform</c>, <c>network</c> / <c>ECT</c>,
/// <c>saveData</c> / <c>Save-Data</c>, <c>budget</c>, <c>clientId</c> / <c>ModelHub-Client-Id</c>.
/// </summary>
public static class DeviceHints
{
    /// <summary>Every request header the manifest can depend on: caches must key on them.</summary>
    public const string Vary = "Device-Memory, Save-Data, ECT, Sec-CH-UA-Platform, ModelHub-Providers, ModelHub-Client-Id";

    /// <summary>Asks browsers to send the client hints on later requests.</summary>
    public const string AcceptClientHints = "Device-Memory, Save-Data, ECT, Sec-CH-UA-Platform";

    public static readonly IReadOnlySet<string> KnownProviders = new HashSet<string>(
        ["cpu", "wasm", "webgpu", "webnn", "cuda", "tensorrt", "coreml", "nnapi", "qnn", "directml", "openvino", "rocm", "xnnpack"]);

    /// <summary>The profile, or the reason a hint cannot be understood.</summary>
    public static (DeviceProfile? Device, string? Error) Parse(HttpRequest request)
    {
        string? Get(string query, string? header = null)
        {
            var value = request.Query[query].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(value) && header is not null)
            {
                value = request.Headers[header].FirstOrDefault();
            }

            return string.IsNullOrWhiteSpace(value) ? null : value.Trim().Trim('"');
        }

        long? memory = null;
        if (Get("memory") is { } memoryText)
        {
            memory = ParseSize(memoryText, defaultUnit: 1024 * 1024) is { } bytes ? bytes / (1024 * 1024) : null;
            if (memory is null)
            {
                return (null, $"memory '{memoryText}' is not a size such as 4g, 512m or 4096 (megabytes)");
            }
        }
        else if (request.Headers["Device-Memory"].FirstOrDefault() is { } clientHint)
        {
            // The client hint is in gibibytes (0.25, 0.5, 1, 2, 4, 8).
            if (!double.TryParse(clientHint, NumberStyles.Float, CultureInfo.InvariantCulture, out var gib) || gib <= 0)
            {
                return (null, $"Device-Memory '{clientHint}' is not a number of gibibytes");
            }

            memory = (long)(gib * 1024);
        }

        var providers = Get("ep", "ModelHub-Providers")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToHashSet();
        if (providers?.FirstOrDefault(p => !KnownProviders.Contains(p)) is { } unknown)
        {
            return (null, $"execution provider '{unknown}' is unknown; use some of: {string.Join(", ", KnownProviders.Order())}");
        }

        long? budget = null;
        if (Get("budget") is { } budgetText && (budget = ParseSize(budgetText, defaultUnit: 1)) is null)
        {
            return (null, $"budget '{budgetText}' is not a size such as 100m or 2g");
        }

        var saveData = Get("saveData", "Save-Data") is { } save && (save.Equals("on", StringComparison.OrdinalIgnoreCase) || save.Equals("true", StringComparison.OrdinalIgnoreCase) || save == "1");
        var platform = Get("platform", "Sec-CH-UA-Platform")?.ToLowerInvariant();
        var network = Get("network", "ECT")?.ToLowerInvariant();
        var clientId = Get("clientId", "ModelHub-Client-Id");
        if (clientId?.Length > 128)
        {
            return (null, "clientId is longer than 128 characters");
        }

        return (new DeviceProfile(memory, providers, platform, network, saveData, budget, clientId), null);
    }

    /// <summary>Parses 4g, 512m, 300k, 1.5g, or a bare number in <paramref name="defaultUnit"/>s, to bytes.</summary>
    public static long? ParseSize(string text, long defaultUnit)
    {
        var value = text.Trim().ToLowerInvariant().TrimEnd('b').TrimEnd('i');
        var unit = value.LastOrDefault() switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            't' => 1024L * 1024 * 1024 * 1024,
            _ => 0,
        };
        var number = unit == 0 ? value : value[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 1e15)
        {
            return null;
        }

        return (long)(amount * (unit == 0 ? defaultUnit : unit));
    }
}
