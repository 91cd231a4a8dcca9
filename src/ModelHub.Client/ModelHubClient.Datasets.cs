using System.Globalization;
using ModelHub.Contracts;
using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Versions;

namespace ModelHub.Client;

/// <summary>
/// Dataset tables (rows, statistics, exports), commits of row edits, history and compares. <c>repository</c> is
/// <c>owner/name</c> of a dataset; refusals throw <see cref="ModelHubException"/> with the problem's code
/// (<see cref="ErrorCodes.InvalidFilter"/>, <see cref="ErrorCodes.DuplicateKey"/> …).
/// </summary>
public sealed partial class ModelHubClient
{
    /// <summary>The tables of a version with their indexing state.</summary>
    public Task<IReadOnlyList<TableInfo>> ListTablesAsync(
        string repository, string version, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<TableInfo>>(DatasetPath(repository, version, "tables"), cancellationToken);

    /// <summary>The columns of a table.</summary>
    public Task<IReadOnlyList<TableColumn>> GetTableSchemaAsync(
        string repository, string version, string table, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<TableColumn>>(DatasetPath(repository, version, "schema", ("table", table)), cancellationToken);

    /// <summary>Row count and per-column statistics of a table.</summary>
    public Task<TableSummary> GetTableStatisticsAsync(
        string repository, string version, string table, CancellationToken cancellationToken = default) =>
        GetJsonAsync<TableSummary>(DatasetPath(repository, version, "statistics", ("table", table)), cancellationToken);

    /// <summary>A page of a table's rows, with links to the media files they name.</summary>
    public Task<DatasetRows> GetRowsAsync(
        string repository, string version, string table, RowsQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new RowsQuery();
        var pairs = new List<(string, string?)>
        {
            ("table", table), ("offset", query.Offset.ToString(CultureInfo.InvariantCulture)),
            ("length", query.Length.ToString(CultureInfo.InvariantCulture)), ("filter", query.Filter), ("search", query.Search),
        };
        pairs.AddRange((query.Columns ?? []).Select(c => ("columns", (string?)c)));
        return GetJsonAsync<DatasetRows>(DatasetPath(repository, version, "rows", [.. pairs]), cancellationToken);
    }

    /// <summary>How many rows match a filter and/or search.</summary>
    public async Task<long> CountRowsAsync(string repository, string version, string table, string? filter = null, string? search = null,
        CancellationToken cancellationToken = default) =>
        (await GetJsonAsync<RowCount>(
            DatasetPath(repository, version, "count", ("table", table), ("filter", filter), ("search", search)), cancellationToken)).Count;

    /// <summary>Streams a table as plain Parquet into <paramref name="destination"/>.</summary>
    public async Task DownloadTableParquetAsync(
        string repository, string version, string table, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(
            DatasetPath(repository, version, "parquet", ("table", table)), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(destination, 1 << 16, cancellationToken);
    }

    /// <summary>
    /// Commits: uploads the edit files and added files (resumable sessions for large ones, skipping blobs the server has),
    /// then asks the server to make the new version, which it answers once written.
    /// </summary>
    public async Task<VersionDetail> CommitAsync(
        DatasetCommit commit, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var add = new List<FileEntry>();
        foreach (var (path, local) in commit.Add ?? new Dictionary<string, string>())
        {
            var (digest, size) = await UploadFileAsync(path, local, progress, cancellationToken);
            add.Add(new FileEntry(path, digest, size, ContentType: null));
        }

        var tables = new List<TableEdit>();
        foreach (var edit in commit.Tables ?? [])
        {
            var upserts = edit.Upserts is { } u ? await EditFileAsync(u, EditFormat(u), progress, cancellationToken) : null;
            var deletes = edit.Deletes is { } d ? await EditFileAsync(d, null, progress, cancellationToken) : null;
            tables.Add(new TableEdit(edit.Table, edit.Key, upserts, deletes));
        }

        var request = new CreateCommitRequest(commit.Parent, commit.Version, commit.Notes, add.Count == 0 ? null : add,
            commit.Remove?.ToList(), tables.Count == 0 ? null : tables);
        return await SendJsonAsync<VersionDetail>(
            HttpMethod.Post, ApiPaths.Repository(RepositoryKinds.Datasets, commit.Repository) + "/commits", request, cancellationToken);
    }

    /// <summary>A dataset's history: the chain of versions from <paramref name="from"/> (default: the newest) back through
    /// their parents, newest first.</summary>
    public Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(
        string repository, string? from = null, int limit = 100, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<CommitInfo>>(
            $"{ApiPaths.Repository(RepositoryKinds.Datasets, repository)}/commits?"
            + ApiPaths.Query(("from", from), ("limit", limit.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>Compares two versions of a dataset: files, and rows of the tables that changed.</summary>
    public Task<VersionComparison> CompareAsync(
        string repository, string baseVersion, string headVersion, DatasetCompareOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DatasetCompareOptions();
        var spec = Uri.EscapeDataString($"{baseVersion}...{headVersion}");
        var query = ApiPaths.Query(("table", options.Table), ("key", options.Key), ("label", options.Label),
            ("offset", options.Offset.ToString(CultureInfo.InvariantCulture)),
            ("length", options.Length.ToString(CultureInfo.InvariantCulture)), ("change", options.Change));
        return GetJsonAsync<VersionComparison>(
            $"{ApiPaths.Repository(RepositoryKinds.Datasets, repository)}/compare/{spec}?{query}", cancellationToken);
    }

    private static string DatasetPath(string repository, string version, string leaf, params (string Name, string? Value)[] query)
    {
        var path = $"{ApiPaths.Version(RepositoryKinds.Datasets, repository, version)}/{leaf}";
        return query.Length == 0 ? path : $"{path}?{ApiPaths.Query(query)}";
    }

    private async Task<EditFile> EditFileAsync(string local, string? format, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        var (digest, size) = await UploadFileAsync(Path.GetFileName(local), local, progress, cancellationToken);
        return new EditFile(digest, size, format);
    }

    /// <summary>Hashes a local file and uploads it unless the server has it: one PUT, or a resumable session when large.</summary>
    private async Task<(string Digest, long Size)> UploadFileAsync(
        string path, string local, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var size = new System.IO.FileInfo(local).Length;
        var digest = await Hashing.FileDigestAsync(local, null, cancellationToken);
        if (await IsOnServerAsync(digest, cancellationToken))
        {
            progress?.Report(new TransferProgress(path, size, size, Skipped: true));
        }
        else if (size < _options.SessionThreshold)
        {
            await PutBlobAsync(path, local, digest, size, progress, cancellationToken);
        }
        else
        {
            await SessionUploadAsync(path, local, digest, size, progress, cancellationToken);
        }

        return (digest, size);
    }

    private static string EditFormat(string path)
    {
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".tsv" => "tsv",
            ".jsonl" or ".ndjson" => "jsonl",
            ".parquet" => "parquet",
            _ => throw new FormatException($"'{path}' is not a CSV, TSV, JSONL or Parquet file."),
        };
    }
}
