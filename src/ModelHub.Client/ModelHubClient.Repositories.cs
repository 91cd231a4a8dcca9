using System.Globalization;
using System.Net;
using ModelHub.Contracts;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Versions;

namespace ModelHub.Client;

/// <summary>
/// Repositories, versions and blobs. <c>repository</c> is <c>owner/name</c>; <c>kind</c> is <see cref="RepositoryKinds.Models"/>
/// (the default) or <see cref="RepositoryKinds.Datasets"/>. Refusals throw <see cref="ModelHubException"/> whose
/// <see cref="ModelHubException.Code"/> is one of <see cref="ErrorCodes"/>.
/// </summary>
public sealed partial class ModelHubClient
{
    /// <summary>Creates a repository (<see cref="ErrorCodes.RepositoryExists"/> when it exists).</summary>
    public Task<RepositoryInfo> CreateRepositoryAsync(
        CreateRepositoryRequest request, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        SendJsonAsync<RepositoryInfo>(HttpMethod.Post, ApiPaths.Repositories(kind), request, cancellationToken);

    /// <summary>A repository with its card (<see cref="ErrorCodes.RepositoryNotFound"/> when missing or not visible).</summary>
    public Task<RepositoryInfo> GetRepositoryAsync(
        string repository, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        GetJsonAsync<RepositoryInfo>(ApiPaths.Repository(kind, repository), cancellationToken);

    /// <summary>A page of the repositories the caller can see, newest first.</summary>
    public Task<RepositoryPage> ListRepositoriesAsync(
        RepositorySearch? search = null, CancellationToken cancellationToken = default)
    {
        search ??= new RepositorySearch();
        var query = ApiPaths.Query(
            ("pageSize", search.PageSize.ToString(CultureInfo.InvariantCulture)),
            ("page", search.Page == 1 ? null : search.Page.ToString(CultureInfo.InvariantCulture)),
            ("q", search.Text),
            ("owner", search.Owner));
        return GetJsonAsync<RepositoryPage>($"{ApiPaths.Repositories(search.Kind)}?{query}", cancellationToken);
    }

    /// <summary>Changes the fields of <paramref name="request"/> that are not null.</summary>
    public Task<RepositoryInfo> UpdateRepositoryAsync(
        string repository, UpdateRepositoryRequest request, string kind = RepositoryKinds.Models,
        CancellationToken cancellationToken = default) =>
        SendJsonAsync<RepositoryInfo>(Patch, ApiPaths.Repository(kind, repository), request, cancellationToken);

    /// <summary>Deletes a repository and its versions (<see cref="ErrorCodes.VersionInUse"/> while a model names its data).</summary>
    public Task DeleteRepositoryAsync(
        string repository, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Delete, ApiPaths.Repository(kind, repository), null, cancellationToken);

    /// <summary>
    /// Creates a version from blobs already uploaded (<see cref="ErrorCodes.BlobsMissing"/> otherwise); model versions with ONNX
    /// files start <see cref="VersionStates.Validating"/>. <see cref="PushAsync"/> does the uploads and the waiting.
    /// </summary>
    public Task<VersionDetail> CreateVersionAsync(
        string repository, CreateVersionRequest request, string kind = RepositoryKinds.Models,
        CancellationToken cancellationToken = default) =>
        SendJsonAsync<VersionDetail>(HttpMethod.Post, ApiPaths.Versions(kind, repository), request, cancellationToken);

    /// <summary>A version with its files, tiers, validation report, download counts and lineage.</summary>
    public Task<VersionDetail> GetVersionAsync(
        string repository, string version, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        GetJsonAsync<VersionDetail>(ApiPaths.Version(kind, repository, version), cancellationToken);

    /// <summary>The versions of a repository, newest first.</summary>
    public Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(
        string repository, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<VersionSummary>>(ApiPaths.Versions(kind, repository), cancellationToken);

    /// <summary>Deletes (yanks) a version; refused while a channel points at it or a model names it as its data.</summary>
    public Task DeleteVersionAsync(
        string repository, string version, string kind = RepositoryKinds.Models, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Delete, ApiPaths.Version(kind, repository, version), null, cancellationToken);

    /// <summary>
    /// Whether the server has the blob <paramref name="digest"/> (<c>sha256:…</c>) and lets the caller read it: true on 200, false on
    /// 404; any other answer throws.
    /// </summary>
    public async Task<bool> BlobExistsAsync(string digest, CancellationToken cancellationToken = default)
    {
        using var response = await HeadBlobAsync(digest, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> HeadBlobAsync(string digest, CancellationToken cancellationToken) =>
        await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, ApiPaths.Blob(digest)), cancellationToken);
}
