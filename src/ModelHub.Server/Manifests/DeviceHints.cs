using System.Globalization;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Reads the device from query parameters and standard client hints (query wins): <c>memory</c> / <c>Device-Memory</c>,
/// <c>ep</c> / <c>ModelHub-Providers</c>, <c>network</c> / <c>ECT</c>, <c>saveData</c> / <c>Save-Data</c>,
/// <c>budget</c>, <c>clientId</c> / <c>ModelHub-Client-Id</c>, and <c>platform</c>, which is <c>web</c> for a request
/// carrying the browser-only <c>Sec-CH-UA-Platform</c> or <c>Sec-CH-UA-Mobile</c> hints (the OS they name is the
/// browser's, not the runtime's: a web app runs onnxruntime-web on Android as on Windows).
/// </summary>
public static class DeviceHints
{
    /// <summary>Every request header the manifest can depend on: caches must key on them.</summary>
    public const string Vary = AcceptClientHints + ", " + ApiHeaders.Mobile + ", " + ApiHeaders.Providers + ", " + ApiHeaders.ClientId;

    /// <summary>Asks browsers to send the client hints on later requests.</summary>
    public const string AcceptClientHints =
        ApiHeaders.DeviceMemory + ", " + ApiHeaders.SaveData + ", " + ApiHeaders.EffectiveConnectionType + ", " + ApiHeaders.Platform;

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
            memory = Sizes.TryParse(memoryText, Sizes.MiB, out var bytes) ? bytes / Sizes.MiB : 0;
            if (memory == 0)
            {
                return (null, $"memory '{memoryText}' is not a size such as 4g, 512m or 4096 (megabytes)");
            }
        }
        else if (request.Headers[ApiHeaders.DeviceMemory].FirstOrDefault() is { } clientHint)
        {
            // The client hint is in gibibytes (0.25, 0.5, 1, 2, 4, 8).
            if (!double.TryParse(clientHint, NumberStyles.Float, CultureInfo.InvariantCulture, out var gib) || !double.IsFinite(gib)
                || gib <= 0 || gib * Sizes.GiB > Sizes.MaxBytes)
            {
                return (null, $"Device-Memory '{clientHint}' is not a number of gibibytes");
            }

            memory = (long)(gib * 1024);
        }

        var providers = Get("ep", ApiHeaders.Providers)
            ?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToHashSet();
        if (providers?.FirstOrDefault(p => !KnownProviders.Contains(p)) is { } unknown)
        {
            return (null,
                $"execution provider '{unknown}' is unknown; use some of: {string.Join(", ", KnownProviders.Order())}");
        }

        long? budget = null;
        if (Get("budget") is { } budgetText)
        {
            if (!Sizes.TryParse(budgetText, 1, out var budgetBytes))
            {
                return (null, $"budget '{budgetText}' is not a size such as 100m or 2g");
            }

            budget = budgetBytes;
        }

        var saveData = Get("saveData", ApiHeaders.SaveData) is { } save && (save == "1"
            || save.Equals("on", StringComparison.OrdinalIgnoreCase) || save.Equals("true", StringComparison.OrdinalIgnoreCase));
        var platform = Get("platform")?.ToLowerInvariant() ?? (IsBrowser(request) ? ExecutionProviders.Web : null);
        var network = Get("network", ApiHeaders.EffectiveConnectionType)?.ToLowerInvariant();
        var clientId = Get("clientId", ApiHeaders.ClientId);
        if (clientId?.Length > 128)
        {
            return (null, "clientId is longer than 128 characters");
        }

        return (new DeviceProfile(memory, providers, platform, network, saveData, budget, clientId), null);
    }

    /// <summary>The device as a manifest states it answered (see <see cref="DeviceDescription"/>).</summary>
    public static string Describe(DeviceProfile device) => DeviceDescription.Canonical(
        device.MemoryMb, device.Providers, device.Platform, device.Network, device.SaveData, device.BudgetBytes);

    private static bool IsBrowser(HttpRequest request) =>
        request.Headers.ContainsKey(ApiHeaders.Platform) || request.Headers.ContainsKey(ApiHeaders.Mobile);
}
