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

    /// <summary>Set when the validation is split across worker processes, one file each: what this file is to the others.</summary>
    public FilePart? Part { get; init; }

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

/// <summary>
/// The one file a worker runs when a validation is split across worker processes (see <see cref="OnnxValidator"/>). The
/// reference writes the outputs it kept to <paramref name="OutputsPath"/>; a tier runs its input sets, then waits for the
/// launcher's word on stdin (<see cref="ReferenceReady"/> once that file is complete) and compares its outputs with it.
/// </summary>
/// <param name="Role"><see cref="Reference"/>, <see cref="Tier"/> or <see cref="Alone"/> (a file no tier is compared with).</param>
/// <param name="OutputsPath">Where the reference's outputs are written.</param>
/// <param name="ReferenceVariant">The reference's tier name, for the tier's reasons.</param>
public sealed record FilePart(string Role, string? OutputsPath = null, string? ReferenceVariant = null)
{
    public const string Reference = "reference", Tier = "tier", Alone = "alone", ReferenceReady = "reference-ready";

    /// <summary>Reference and tier keep their outputs and pick their input sets by them, as the reference of one worker does.</summary>
    public bool Compared => Role is Reference or Tier;
}
