using System.Globalization;
using ModelHub.Contracts.Evaluations;

namespace ModelHub.Client;

/// <summary>
/// Evaluations of a model version's tiers on a dataset table: start one, wait for it, read results, suspects, and accept
/// suggested labels as a dataset commit. <c>model</c> and <c>dataset</c> are <c>owner/name</c>; refusals throw
/// <see cref="ModelHubException"/> with the problem's code (<c>evaluation_spec_invalid</c> lists the columns and inputs).
/// </summary>
public sealed partial class ModelHubClient
{
    /// <summary>Starts an evaluation of <paramref name="model"/>@<paramref name="version"/>; with no spec, the version's
    /// declared <c>evaluation.json</c> is used. <paramref name="dataset"/> (<c>owner/name@version</c>) and
    /// <paramref name="table"/> replace the spec's.</summary>
    public Task<EvaluationInfo> StartEvaluationAsync(string model, string version, EvaluationSpec? spec = null, string? dataset = null,
        string? table = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<EvaluationInfo>(HttpMethod.Post,
            EvaluationsPath(RepositoryKinds.Models, model, version) + "?" + ApiPaths.Query(("dataset", dataset), ("table", table)),
            spec, cancellationToken);

    public Task<EvaluationInfo> GetEvaluationAsync(string model, string version, long id, CancellationToken cancellationToken = default) =>
        GetJsonAsync<EvaluationInfo>(EvaluationsPath(RepositoryKinds.Models, model, version, id), cancellationToken);

    /// <summary>The evaluations of a model version, newest first.</summary>
    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(
        string model, string version, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<EvaluationInfo>>(EvaluationsPath(RepositoryKinds.Models, model, version), cancellationToken);

    /// <summary>The leaderboard of a dataset version: the evaluations that read it, newest first.</summary>
    public Task<IReadOnlyList<EvaluationInfo>> ListDatasetEvaluationsAsync(
        string dataset, string version, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<EvaluationInfo>>(EvaluationsPath(RepositoryKinds.Datasets, dataset, version), cancellationToken);

    /// <summary>Polls the evaluation until it succeeded or failed, reporting each state seen.</summary>
    public async Task<EvaluationInfo> WaitForEvaluationAsync(string model, string version, long id,
        IProgress<EvaluationInfo>? progress = null, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var evaluation = await GetEvaluationAsync(model, version, id, cancellationToken);
            progress?.Report(evaluation);
            if (evaluation.State is EvaluationTerms.Succeeded or EvaluationTerms.Failed)
            {
                return evaluation;
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>A page of the suspected labels of evaluation <paramref name="id"/> on
    /// <paramref name="dataset"/>@<paramref name="version"/>.</summary>
    public Task<SuspectList> GetSuspectsAsync(string dataset, string version, long id, long offset = 0, int length = 100,
        CancellationToken cancellationToken = default) =>
        GetJsonAsync<SuspectList>(EvaluationsPath(RepositoryKinds.Datasets, dataset, version, id) + "/suspects?" + ApiPaths.Query(
            ("offset", offset.ToString(CultureInfo.InvariantCulture)), ("length", length.ToString(CultureInfo.InvariantCulture))),
            cancellationToken);

    /// <summary>Accepts suggested (or edited) labels: a commit on the dataset version, noting the evaluation.</summary>
    public Task<AcceptedSuspects> AcceptSuspectsAsync(string dataset, string version, long id, AcceptSuspectsRequest request,
        CancellationToken cancellationToken = default) =>
        SendJsonAsync<AcceptedSuspects>(HttpMethod.Post, EvaluationsPath(RepositoryKinds.Datasets, dataset, version, id) + "/suspects",
            request, cancellationToken);

    private static string EvaluationsPath(string kind, string repository, string version, long? id = null) =>
        ApiPaths.Version(kind, repository, version) + "/evaluations"
        + (id is { } value ? "/" + value.ToString(CultureInfo.InvariantCulture) : "");
}
