using ModelHub.Contracts.Manifests;

namespace ModelHub.Client;

/// <summary>A model on local disk: the manifest it came from and where each of its files is.</summary>
public sealed record LocalModel(Manifest Manifest, IReadOnlyDictionary<string, string> Files, bool MayBeStale, long BytesDownloaded)
{
    /// <summary>The path of the chosen tier's ONNX file.</summary>
    public string ModelPath => Files[Manifest.Variant.Files[0].Path];
}
