namespace ModelHub.Core.Entities;

/// <summary>
/// An evaluation of a model version's tiers on a table of a dataset version, run as a job of the queue
/// (<see cref="JobKinds.Evaluation"/>, its subject this id): the spec as given, progress while it runs, and the results
/// per tier, the suspected labels and the per-example predictions (a Parquet blob) once done.
/// </summary>
public sealed class Evaluation
{
    public long Id { get; set; }

    /// <summary>The model version evaluated.</summary>
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;

    /// <summary>The dataset version whose table was read (null once that version was deleted; <see cref="Dataset"/> still
    /// names it).</summary>
    public long? DatasetVersionId { get; set; }
    public RepositoryVersion? DatasetVersion { get; set; }

    /// <summary><c>owner/name@version</c> of the dataset, as given.</summary>
    public required string Dataset { get; set; }

    public required string Table { get; set; }

    /// <summary>The evaluation spec, as JSON (the wire's <c>EvaluationSpec</c>).</summary>
    public required string Spec { get; set; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string State { get; set; }

    public long RowsDone { get; set; }
    public long? RowCount { get; set; }
    public string? Error { get; set; }

    /// <summary>The results per tier and the gate's verdict, as JSON.</summary>
    public string? Results { get; set; }

    /// <summary>The suspected labels kept (most implausible first), as JSON, and how many there are in all.</summary>
    public string? Suspects { get; set; }
    public long? SuspectCount { get; set; }

    /// <summary>The blob of the per-example predictions (Parquet, shaped like a materialised table).</summary>
    public string? PredictionsDigest { get; set; }

    /// <summary>The dataset version a writer made by accepting suggested labels.</summary>
    public string? AcceptedAs { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
