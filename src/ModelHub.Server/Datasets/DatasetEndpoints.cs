using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Blobs;
using ModelHub.Server.Downloads;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Datasets;

/// <summary>
/// The tables of a dataset version, shaped like the Hugging Face dataset viewer: the list, schema, statistics, pages of
/// rows (filter, search, columns), counts, a Parquet export, and image thumbnails. Mapped in the repository scope, so a
/// private dataset is invisible on every route; a table is named by its path (<c>?table=data/train.csv</c>).
/// </summary>
public static class DatasetEndpoints
{
    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder routes)
    {
        var version = RepositoryScope.MapGroup(routes, "/versions/{version}").WithTags("Datasets");
        version.MapGet("/tables", ListAsync).WithName("ListTables")
            .WithSummary("List the tables of a dataset version with their indexing state (pending, indexed, failed).");
        version.MapGet("/schema", SchemaAsync).WithName("GetTableSchema").WithSummary("The columns of a table.");
        version.MapGet("/statistics", StatisticsAsync).WithName("GetTableStatistics")
            .WithSummary("Row count and per-column statistics of a table.");
        version.MapGet("/rows", RowsAsync).WithName("GetTableRows")
            .WithSummary("A page of a table's rows (offset, length ≤ 100), optionally filtered, searched and with chosen columns.");
        version.MapGet("/count", CountAsync).WithName("CountTableRows").WithSummary("How many rows of a table match a filter and search.");
        version.MapGet("/parquet", ParquetAsync).WithName("GetTableParquet").ProducesBlob()
            .WithSummary("A table as plain Parquet (its columns only), streamed; the ETag is its digest.");
        version.MapGet("/thumbnails/{**path}", ThumbnailAsync).WithName("GetThumbnail").ProducesBlob()
            .WithSummary("The thumbnail (WebP, at most 256 pixels a side) of an image of a version, once made.");
        return routes;
    }

    public static async Task<Results<Ok<List<TableInfo>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RepositoryScope scope, string version, DatasetTables tables, CancellationToken cancellationToken) =>
        await tables.ListAsync(scope.Id, version, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : Problems.NotFound(ErrorCodes.VersionNotFound, $"No version {version} of {scope.Owner}/{scope.Name}.");

    public static async Task<Results<Ok<IReadOnlyList<TableColumn>>, ProblemHttpResult>> SchemaAsync(
        [AsParameters] RepositoryScope scope, string version, string table, DatasetTables tables, CancellationToken cancellationToken)
    {
        var lookup = await tables.FindAsync(scope.Id, version, table, cancellationToken);
        return lookup.Outcome == TableOutcome.Found
            ? TypedResults.Ok(Versions.VersionTables.ReadSummary(lookup.Table!.Summary)!.Columns)
            : lookup.ToProblem();
    }

    public static async Task<Results<Ok<TableSummary>, ProblemHttpResult>> StatisticsAsync(
        [AsParameters] RepositoryScope scope, string version, string table, DatasetTables tables, CancellationToken cancellationToken)
    {
        var lookup = await tables.FindAsync(scope.Id, version, table, cancellationToken);
        return lookup.Outcome == TableOutcome.Found
            ? TypedResults.Ok(Versions.VersionTables.ReadSummary(lookup.Table!.Summary)!)
            : lookup.ToProblem();
    }

    public static async Task<Results<Ok<DatasetRows>, ProblemHttpResult>> RowsAsync(
        [AsParameters] RepositoryScope scope, string version, string table, DatasetTables tables, CancellationToken cancellationToken,
        long offset = 0, int length = RowsRequest.MaxLength, string? filter = null, string? search = null, string[]? columns = null)
    {
        if (offset < 0 || length is < 1 or > RowsRequest.MaxLength)
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"offset must be ≥ 0 and length 1 to {RowsRequest.MaxLength}.");
        }

        var lookup = await tables.FindAsync(scope.Id, version, table, cancellationToken);
        if (lookup.Outcome != TableOutcome.Found)
        {
            return lookup.ToProblem();
        }

        try
        {
            var request = new RowsRequest(offset, length, columns is { Length: > 0 } ? columns : null, Blank(filter), Blank(search));
            return TypedResults.Ok(await tables.RowsAsync(lookup, scope.Path, request, cancellationToken));
        }
        catch (DatasetException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<RowCount>, ProblemHttpResult>> CountAsync(
        [AsParameters] RepositoryScope scope, string version, string table, DatasetTables tables, CancellationToken cancellationToken,
        string? filter = null, string? search = null)
    {
        var lookup = await tables.FindAsync(scope.Id, version, table, cancellationToken);
        if (lookup.Outcome != TableOutcome.Found)
        {
            return lookup.ToProblem();
        }

        try
        {
            return TypedResults.Ok(new RowCount(await tables.CountAsync(lookup, Blank(filter), Blank(search), cancellationToken)));
        }
        catch (DatasetException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> ParquetAsync(
        [AsParameters] RepositoryScope scope, string version, string table, DatasetTables tables, CancellationToken cancellationToken)
    {
        var lookup = await tables.FindAsync(scope.Id, version, table, cancellationToken);
        if (lookup.Outcome != TableOutcome.Found)
        {
            return lookup.ToProblem();
        }

        var (digest, size) = await tables.ParquetAsync(lookup, cancellationToken);
        return new BlobResult(Core.Digests.Sha256Digest.TryParse(digest, out var parsed) ? parsed : default, size,
            "application/vnd.apache.parquet", DownloadEndpoints.VersionPathCacheControl(scope.Repository.IsPrivate))
        {
            FileName = Path.GetFileName(TableFiles.Stem(table)) + ".parquet",
        };
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> ThumbnailAsync(
        [AsParameters] RepositoryScope scope, string version, string path, DatasetThumbnails thumbnails,
        CancellationToken cancellationToken)
    {
        var thumbnail = await thumbnails.FindAsync(scope.Id, version, path, cancellationToken);
        return thumbnail is { } found
            ? new BlobResult(found.Digest, found.Size, "image/webp", DownloadEndpoints.VersionPathCacheControl(scope.Repository.IsPrivate))
            : Problems.NotFound(ErrorCodes.ThumbnailNotFound,
                $"No thumbnail of '{path}' in version {version} (not an image, or not made yet).");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
