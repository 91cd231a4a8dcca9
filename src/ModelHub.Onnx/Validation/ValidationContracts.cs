using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// One ONNX file to validate: its path in the version, where it sits on disk, the tier it is (if any) and the precision
/// the uploader declared for that tier (flagged in the report when the weights say otherwise).
/// </summary>
public sealed record ModelFile(
    string Path,
    string LocalPath,
    string? Variant = null,
    bool IsReference = false,
    string? DeclaredPrecision = null);

/// <summary>What the worker process is asked to do.</summary>
/// <param name="Models">The ONNX files, each with its local copy.</param>
/// <param name="VersionFiles">Every path of the version: external data and samples must be among them.</param>
/// <param name="Settings">The version's smoke hints.</param>
/// <param name="Tolerance">How close tiers must stay to the reference.</param>
/// <param name="Runs">Runs at the first input set: the first pays one-time costs, the median of the others is the latency.</param>
/// <param name="Limits">What the version asked for; the validator holds it to the server's maximum.</param>
public sealed record ValidationRequest(
    IReadOnlyList<ModelFile> Models,
    IReadOnlyList<string> VersionFiles,
    SmokeSettings Settings,
    Tolerance Tolerance,
    int Runs = 1,
    ValidationLimits? Limits = null)
{
    /// <summary>
    /// The local folder that mirrors the version's paths (sample inputs are read from it; messages show paths relative
    /// to it). When not given, it is found from the models: the folder their local paths share with their version paths.
    /// </summary>
    public string? Root { get; init; }

    public string? ResolveRoot()
    {
        if (Root is { Length: > 0 } root)
        {
            return root;
        }

        foreach (var model in Models)
        {
            var relative = model.Path.Replace('/', System.IO.Path.DirectorySeparatorChar);
            var local = System.IO.Path.GetFullPath(model.LocalPath);
            if (local.EndsWith(System.IO.Path.DirectorySeparatorChar + relative, StringComparison.Ordinal))
            {
                return local[..^(relative.Length + 1)];
            }
        }

        return null;
    }
}
