namespace ModelHub.Core.Selection;

/// <summary>
/// ONNX Runtime's execution providers, best first: when several tiers run on a device, the one that runs on the better
/// provider is preferred (WebGPU over WebAssembly, TensorRT and CUDA over the CPU). Browser and native providers never
/// meet on one device, so one order serves both. A native device always has <c>cpu</c> (ONNX Runtime ships it
/// everywhere) and a browser always has <c>wasm</c> (onnxruntime-web's baseline), whether or not the client named it.
/// </summary>
public static class ExecutionProviders
{
    public const string Cpu = "cpu", Wasm = "wasm", Web = "web";

    /// <summary>Best first. Providers not listed rank below all of these.</summary>
    public static readonly IReadOnlyList<string> Order =
    [
        "tensorrt", "cuda", "rocm", "directml", "coreml", "qnn", "openvino", "nnapi", "webgpu", "webnn", "xnnpack", Cpu, Wasm,
    ];

    private static readonly HashSet<string> BrowserProviders = new(StringComparer.Ordinal) { "webgpu", "webnn", Wasm };

    /// <summary>Higher is better; 0 for a provider not in <see cref="Order"/>.</summary>
    public static int Score(string provider)
    {
        for (var i = 0; i < Order.Count; i++)
        {
            if (Order[i] == provider)
            {
                return Order.Count - i;
            }
        }

        return 0;
    }

    /// <summary>The best of <paramref name="providers"/>, or null when there are none.</summary>
    public static string? Best(IEnumerable<string> providers) =>
        providers.OrderByDescending(Score).ThenBy(p => p, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// A browser: the platform says <c>web</c>, or the client offers only browser providers (<c>webgpu</c>, <c>webnn</c>,
    /// <c>wasm</c>).
    /// </summary>
    public static bool IsBrowser(string? platform, IReadOnlySet<string>? offered) =>
        string.Equals(platform, Web, StringComparison.OrdinalIgnoreCase)
        || (platform is null && offered is { Count: > 0 } && offered.All(BrowserProviders.Contains));

    /// <summary>The provider every device of its kind has: <c>wasm</c> in a browser, <c>cpu</c> elsewhere.</summary>
    public static string Baseline(string? platform, IReadOnlySet<string>? offered) => IsBrowser(platform, offered) ? Wasm : Cpu;
}
