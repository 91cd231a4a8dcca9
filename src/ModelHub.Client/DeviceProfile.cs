using System.Globalization;
using System.Runtime.InteropServices;
using ModelHub.Contracts;
using ModelHub.Contracts.Manifests;

namespace ModelHub.Client;

/// <summary>
/// The device, as the manifest endpoint wants to know it. <see cref="Detect"/> fills what can be read here.
/// </summary>
public sealed record DeviceProfile
{
    public long? MemoryMb { get; init; }
    public IReadOnlyList<string> Providers { get; init; } = [];
    public string? Platform { get; init; }
    public string? Network { get; init; }
    public bool SaveData { get; init; }
    public long? BudgetBytes { get; init; }
    public string? ClientId { get; init; }

    /// <summary>
    /// Memory, OS and the ONNX Runtime execution providers this process can use (when the app references ONNX Runtime);
    /// override any field with <c>with { … }</c>.
    /// </summary>
    public static DeviceProfile Detect() => new()
    {
        MemoryMb = AvailableMemoryMb(),
        Providers = OnnxRuntimeProviders(),
        Platform = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macos"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : null,
    };

    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("memory", MemoryMb?.ToString(CultureInfo.InvariantCulture));
        Add("ep", Providers.Count > 0 ? string.Join(",", Providers) : null);
        Add("platform", Platform);
        Add("network", Network);
        Add("saveData", SaveData ? "on" : null);
        Add("budget", BudgetBytes?.ToString(CultureInfo.InvariantCulture));
        Add("clientId", ClientId);
        return string.Join("&", parts);
    }

    /// <summary>The device as a manifest states it answered (see <see cref="DeviceDescription"/>).</summary>
    public string Describe() => DeviceDescription.Canonical(MemoryMb, Providers, Platform, Network, SaveData, BudgetBytes);

    private static readonly char[] Comma = [','];
    private static readonly char[] Equal = ['='];

    /// <summary>
    /// Parses <c>memory=4g,ep=cpu+cuda,platform=linux</c> (the CLI's --device). Sizes read as <see cref="Sizes"/> says, like the
    /// server reads them: memory in megabytes when bare, a budget in bytes.
    /// </summary>
    public static DeviceProfile Parse(string text, DeviceProfile? start = null)
    {
        var profile = start ?? new DeviceProfile();
        foreach (var pair in text.Split(Comma, StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split(Equal, 2);
            var key = kv[0].Trim().ToLowerInvariant();
            var value = kv.Length > 1 ? kv[1].Trim() : "";
            profile = key switch
            {
                "memory" => profile with { MemoryMb = Megabytes(value) },
                "ep" or "providers" => profile with { Providers = ProviderList(value) },
                "platform" => profile with { Platform = value },
                "network" => profile with { Network = value },
                "savedata" => profile with { SaveData = value is "" or "on" or "true" or "1" },
                "budget" => profile with { BudgetBytes = Sizes.Parse(value, 1) },
                "clientid" => profile with { ClientId = value },
                _ => throw new FormatException(
                    $"Unknown device field '{key}': use memory, ep, platform, network, saveData, budget, clientId."),
            };
        }

        return profile;
    }

    private static long Megabytes(string value) =>
        Sizes.Parse(value, Sizes.MiB) / Sizes.MiB is var mb and > 0 ? mb : throw new FormatException($"'{value}' is less than a megabyte.");

    private static List<string> ProviderList(string value) =>
        value.Split('+', ';', ' ').Where(p => p.Length > 0).Select(p => p.ToLowerInvariant()).ToList();

    private static long? AvailableMemoryMb()
    {
#if NET
        var bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return bytes > 0 ? bytes / (1024 * 1024) : null;
#else
        return null;
#endif
    }

    /// <summary>Asks ONNX Runtime, if the app loaded it, which providers it has; plain CPU otherwise.</summary>
    private static IReadOnlyList<string> OnnxRuntimeProviders()
    {
        try
        {
            var env = Type.GetType("Microsoft.ML.OnnxRuntime.OrtEnv, Microsoft.ML.OnnxRuntime");
            var instance = env?.GetMethod("Instance")?.Invoke(null, null);
            if (env?.GetMethod("GetAvailableProviders")?.Invoke(instance, null) is string[] names)
            {
                return names.Select(n => n.Replace("ExecutionProvider", "").ToLowerInvariant())
                    .Select(n => n == "dml" ? "directml" : n).Distinct().ToList();
            }
        }
        catch (Exception)
        {
            // ONNX Runtime missing or unusable here: the CPU is all we can promise.
        }

        return ["cpu"];
    }
}
