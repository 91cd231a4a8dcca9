namespace ModelHub.Contracts.Evaluations;

/// <summary>The words of an <see cref="EvaluationSpec"/> and of evaluation states.</summary>
public static class EvaluationTerms
{
    public const string Classification = "classification";
    public const string Regression = "regression";
    public const string Logits = "logits";
    public const string Probabilities = "probabilities";
    public const string Stretch = "stretch";
    public const string Fit = "fit";
    public const string Rgb = "rgb";
    public const string Bgr = "bgr";
    public const string Grey = "grey";
    public const string Nchw = "nchw";
    public const string Nhwc = "nhwc";

    /// <summary>The file of a model version that declares its evaluation spec.</summary>
    public const string SpecFile = "evaluation.json";

    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public const int MaxBatchSize = 1024;
    public const int MaxImageSide = 4096;
}
