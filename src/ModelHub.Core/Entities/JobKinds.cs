namespace ModelHub.Core.Entities;

/// <summary>The kinds of <see cref="Job"/>. Stored as text: never rename one.</summary>
public static class JobKinds
{
    /// <summary>Validate the ONNX files of a model version in the isolated worker.</summary>
    public const string Validation = "validation";

    /// <summary>Index one table of a dataset version (<see cref="Job.Subject"/> is its path).</summary>
    public const string TableIndex = "table-index";

    /// <summary>Make the thumbnails of a version's images.</summary>
    public const string Thumbnails = "thumbnails";

    /// <summary>Evaluate a model version on a dataset table (<see cref="Job.Subject"/> is the <see cref="Evaluation"/>'s id).</summary>
    public const string Evaluation = "evaluation";
}
