using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Datasets;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// The suspected labels of a finished evaluation, and accepting them: the accepted labels become an edits file (key, label)
/// committed on the evaluated dataset version through the dataset commit machinery, with notes naming the evaluation.
/// </summary>
public sealed class SuspectService(ModelHubDbContext db, CommitService commits, DerivedBlobs derived, BlobIngestor ingestor,
    IBlobStore store)
{
    public const int MaxLength = 1000;

    public static EvaluationResult<SuspectList> Page(Evaluation evaluation, long offset, int length)
    {
        if (evaluation.State != EvaluationTerms.Succeeded)
        {
            return new(EvaluationOutcome.NotDone, $"Evaluation {evaluation.Id} is {evaluation.State}.");
        }

        var suspects = EvaluationRecords.ReadSuspects(evaluation);
        var spec = EvaluationRecords.ReadSpec(evaluation);
        return EvaluationResults.Done(new SuspectList(evaluation.Id, evaluation.Dataset, evaluation.Table, spec.Key,
            evaluation.SuspectCount ?? suspects.Count, [.. suspects.Skip((int)Math.Min(offset, int.MaxValue)).Take(length)]));
    }

    public async Task<EvaluationResult<AcceptedSuspects>> AcceptAsync(Evaluation evaluation, Caller caller, AcceptSuspectsRequest request,
        CancellationToken cancellationToken)
    {
        if (evaluation.State != EvaluationTerms.Succeeded)
        {
            return new(EvaluationOutcome.NotDone, $"Evaluation {evaluation.Id} is {evaluation.State}.");
        }

        var parent = await db.Versions.AsNoTracking().Include(v => v.Tables)
            .SingleOrDefaultAsync(v => v.Id == evaluation.DatasetVersionId, cancellationToken);
        var repository = parent is null ? null : await db.Repositories.Include(r => r.Owner)
            .SingleAsync(r => r.Id == parent.RepositoryId, cancellationToken);
        if (parent is null || repository is null)
        {
            return new(EvaluationOutcome.DatasetNotFound, $"The dataset version {evaluation.Dataset} is gone.");
        }

        if (!caller.CanWrite(repository.Owner.Name))
        {
            return new(EvaluationOutcome.Forbidden,
                $"Accepting labels commits to {repository.Owner.Name}/{repository.Name}: you may not write there.");
        }

        if (await StaleAsync(evaluation, parent, cancellationToken) is { } stale)
        {
            return stale;
        }

        var spec = EvaluationRecords.ReadSpec(evaluation);
        var table = parent.Tables.Single(t => t.Path == evaluation.Table);
        var key = spec.Key ?? table.KeyColumn;
        if (key is null)
        {
            return Invalid("The spec names no key column (nor did a commit of the table): a row cannot be edited without one.");
        }

        var suspects = EvaluationRecords.ReadSuspects(evaluation).ToDictionary(s => s.RowIndex);
        var labels = request.Labels ?? [];
        if (labels.Count == 0)
        {
            return Invalid("labels must list at least one accepted suggestion.");
        }

        var classes = spec.Output?.Classes;
        var labelColumn = VersionTables.ReadSummary(table.Summary)!.Columns.First(c => c.Name == spec.Output!.Label);
        var byIndex = labelColumn.Kind == ColumnKinds.Integer;
        var lines = new List<string> { Csv(key) + "," + Csv(spec.Output!.Label!) };
        foreach (var accepted in labels)
        {
            if (accepted?.RowIndex is not { } row || !suspects.TryGetValue(row, out var suspect) || suspect.Key is null)
            {
                return Invalid($"Row {accepted?.RowIndex} is not a suspected row of evaluation {evaluation.Id}.");
            }

            var label = accepted.Label ?? suspect.SuggestedLabel;
            if (classes is not null && !classes.Contains(label))
            {
                return Invalid($"'{label}' is not one of the classes ({string.Join(", ", classes)}).");
            }

            var value = byIndex && classes is not null ? classes.IndexOf(label).ToString(CultureInfo.InvariantCulture) : label;
            lines.Add(Csv(suspect.Key.ToString()) + "," + Csv(value));
        }

        using var scratch = new ScratchFolder(store);
        var (digest, size) = await derived.StoreFileAsync(await scratch.WriteLinesAsync("labels.csv", lines, cancellationToken),
            cancellationToken);
        if (caller.Subject is { } subject && Sha256Digest.TryParse(digest, out var stored))
        {
            // The caller wrote these edits (through the server): like an upload of theirs, the commit may read them.
            await ingestor.RecordUploadAsync(stored, subject, cancellationToken);
        }

        var notes = request.Notes ?? $"Labels of {labels.Count} rows suggested by evaluation {evaluation.Id} of "
            + $"{evaluation.Version.Repository.Owner.Name}/{evaluation.Version.Repository.Name}@{evaluation.Version.Name}";
        var commit = await commits.CreateAsync(repository, caller, new CreateCommitRequest(parent.Name, request.Version,
            $"{notes} (evaluation {evaluation.Id})", Tables: [new TableEdit(table.Path, key, new EditFile(digest, size, "csv"))]),
            cancellationToken);
        if (commit.VersionResult?.Version is not { } created)
        {
            return new(EvaluationOutcome.Commit, commit.Detail, Commit: commit);
        }

        await db.Evaluations.Where(e => e.Id == evaluation.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.AcceptedAs, created.Name),
            cancellationToken);
        return EvaluationResults.Done(new AcceptedSuspects(evaluation.Id, $"{repository.Owner.Name}/{repository.Name}",
            created.Name, labels.Count));
    }

    /// <summary>
    /// Suggestions are accepted once, on the version they were made on while it is the tip of its history: accepting them
    /// again, or on a version that has since had a commit, would fork the history or undo that commit's rows.
    /// </summary>
    private async Task<EvaluationResult<AcceptedSuspects>?> StaleAsync(Evaluation evaluation, RepositoryVersion parent,
        CancellationToken cancellationToken)
    {
        if (evaluation.AcceptedAs is { } accepted)
        {
            return new(EvaluationOutcome.AlreadyAccepted,
                $"The suggestions of evaluation {evaluation.Id} were already accepted as version {accepted}.");
        }

        var child = await db.Versions.AsNoTracking().Where(v => v.ParentId == parent.Id).OrderBy(v => v.Id).Select(v => v.Name)
            .FirstOrDefaultAsync(cancellationToken);
        return child is null ? null : new(EvaluationOutcome.MovedOn,
            $"The dataset has moved on: version {child} was committed on {parent.Name}, the version evaluation {evaluation.Id} "
            + $"read. Evaluate {child} (or a later version) to review its labels.");
    }

    private static EvaluationResult<AcceptedSuspects> Invalid(string detail) =>
        new(EvaluationOutcome.Invalid, detail);

    private static string Csv(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
