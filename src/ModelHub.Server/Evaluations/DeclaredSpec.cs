using System.Text.Json;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// The evaluation spec a model version declares as its file <c>evaluation.json</c>: read from the blob store, small
/// (a larger file is refused). Its <c>maxAccuracyDrop</c>, when set, makes it the version's accuracy gate.
/// </summary>
public static class DeclaredSpec
{
    /// <summary>A declared spec file larger than this is refused.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The declared spec (null when the version has no <c>evaluation.json</c>), or why the file is none.</summary>
    public static async Task<(EvaluationSpec? Spec, string? Error)> ReadAsync(IBlobStore store, IEnumerable<VersionFile> files,
        CancellationToken cancellationToken)
    {
        var file = files.FirstOrDefault(f => f.Path == EvaluationTerms.SpecFile);
        if (file is null)
        {
            return (null, null);
        }

        if (file.Size > MaxBytes || !Sha256Digest.TryParse(file.Digest, out var digest))
        {
            return (null, $"{EvaluationTerms.SpecFile} is larger than {MaxBytes} bytes");
        }

        using var buffer = new MemoryStream((int)file.Size);
        if (file.Size > 0)
        {
            await store.CopyToAsync(BlobKeys.ForBlob(digest), 0, file.Size, buffer, cancellationToken);
        }

        try
        {
            return JsonSerializer.Deserialize<EvaluationSpec>(buffer.ToArray(), EvaluationJson.Options) is { } spec
                ? (spec, null)
                : (null, $"{EvaluationTerms.SpecFile} holds null");
        }
        catch (JsonException e)
        {
            return (null, $"{EvaluationTerms.SpecFile} is not an evaluation spec: {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="spec"/> gates the version's tiers on accuracy.</summary>
    public static bool IsGate(EvaluationSpec? spec) => spec?.MaxAccuracyDrop is not null;
}
