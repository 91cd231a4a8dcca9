using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Entities;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Datasets;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web;

/// <summary>
/// The thumbnails of a page of suspected rows, when the table has an image path column (the spec's, else the first whose
/// statistics found images): the rows are read by key like any page of the table, and their media links point at the
/// version's thumbnail route, which serves the derived WebP made by the thumbnail job, never the uploaded bytes.
/// </summary>
public static class SuspectThumbnails
{
    /// <summary>Thumbnail URLs by row index; rows without one (no image column, no thumbnail yet) are absent.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> ForAsync(DatasetTables tables, Repository repository, string owner,
        string version, string tablePath, EvaluationSpec spec, IReadOnlyList<SuspectRow> rows, CancellationToken cancellationToken)
    {
        var lookup = rows.Count == 0 ? null : await tables.FindAsync(repository.Id, version, tablePath, cancellationToken);
        if (lookup?.Outcome != TableOutcome.Found || VersionTables.ReadSummary(lookup.Table!.Summary) is not { } summary)
        {
            return new Dictionary<long, string>();
        }

        var images = summary.Statistics.Where(s => s.Paths is { Resolved: > 0, MediaKind: MediaKinds.Image }).Select(s => s.Name).ToList();
        var wanted = spec.Inputs?.Select(i => i.Image?.Column).FirstOrDefault(c => c is not null && images.Contains(c));
        var column = wanted ?? images.FirstOrDefault();
        var key = spec.Key ?? lookup.Table.KeyColumn;
        var numeric = summary.Columns.FirstOrDefault(c => c.Name == key)?.Kind is ColumnKinds.Integer or ColumnKinds.Float;
        var keys = rows.Select(r => Literal(r.Key, numeric)).OfType<string>().Distinct().ToList();
        if (column is null || key is null || keys.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        try
        {
            var request = new RowsRequest(0, RowsRequest.MaxLength, [key, column], $"{Quote(key, '"')} IN ({string.Join(", ", keys)})");
            var page = await tables.RowsAsync(lookup, $"/v1/datasets/{owner}/{repository.Name}", request, cancellationToken);
            return page.Rows.Where(r => r.Media is not null && r.Media.TryGetValue(column, out var link) && link.Thumbnail is not null)
                .ToDictionary(r => r.RowIndex, r => r.Media![column].Thumbnail!);
        }
        catch (DatasetException)
        {
            // A key the filter grammar cannot name: the page shows the rows without pictures.
            return new Dictionary<long, string>();
        }
    }

    /// <summary>A key as a literal of the filter grammar: numbers as they are (a numeric column's keys may arrive as text),
    /// text quoted; null for anything else.</summary>
    private static string? Literal(JsonNode? key, bool numeric) => key?.GetValueKind() switch
    {
        JsonValueKind.Number => key.ToJsonString(),
        JsonValueKind.String when numeric => double.TryParse(key.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture,
            out var number) ? number.ToString("R", CultureInfo.InvariantCulture) : null,
        JsonValueKind.String => Quote(key.GetValue<string>(), '\''),
        _ => null,
    };

    // Quotes as the filter grammar reads them: a quote inside is written twice.
    private static string Quote(string text, char quote) =>
        quote + text.Replace(quote.ToString(), new string(quote, 2), StringComparison.Ordinal) + quote;
}
