namespace ModelHub.Contracts.Evaluations;

/// <summary>
/// The checks of an <see cref="EvaluationSpec"/> that need neither the table nor the model: required fields, known
/// words, sizes in range. The server then checks columns and inputs against the table and the model.
/// </summary>
public static class EvaluationSpecRules
{
    private static readonly string[] Tasks = [EvaluationTerms.Classification, EvaluationTerms.Regression];
    private static readonly string[] ScoreKinds = [EvaluationTerms.Logits, EvaluationTerms.Probabilities];
    private static readonly string[] Resizes = [EvaluationTerms.Stretch, EvaluationTerms.Fit];
    private static readonly string[] Colors = [EvaluationTerms.Rgb, EvaluationTerms.Bgr, EvaluationTerms.Grey];
    private static readonly string[] Layouts = [EvaluationTerms.Nchw, EvaluationTerms.Nhwc];

    /// <summary>What is wrong with <paramref name="spec"/>, one sentence each; empty when nothing is.</summary>
    public static List<string> Check(EvaluationSpec spec)
    {
        var errors = new List<string>();
        if (!RepositoryReference.TryParse(spec.Dataset, out var dataset) || dataset!.Version is null)
        {
            errors.Add("dataset must name a dataset version as owner/name@version.");
        }

        if (string.IsNullOrWhiteSpace(spec.Table))
        {
            errors.Add("table must name a table of the dataset version.");
        }

        if (spec.Inputs is not { Count: > 0 })
        {
            errors.Add("inputs must map at least one model input.");
        }

        for (var i = 0; i < (spec.Inputs?.Count ?? 0); i++)
        {
            CheckInput(spec.Inputs![i], $"inputs[{i}]", errors);
        }

        CheckOutput(spec.Output, errors);
        if (spec.MaxAccuracyDrop is { } drop && (double.IsNaN(drop) || drop < 0 || drop > 1))
        {
            errors.Add("maxAccuracyDrop must be between 0 and 1.");
        }

        if (spec.BatchSize is { } batch && (batch < 1 || batch > EvaluationTerms.MaxBatchSize))
        {
            errors.Add($"batchSize must be 1 to {EvaluationTerms.MaxBatchSize}.");
        }

        return errors;
    }

    private static void CheckInput(InputMapping? input, string at, List<string> errors)
    {
        if (input is null || (input.Columns is null) == (input.Image is null))
        {
            errors.Add($"{at} must have either columns or image.");
            return;
        }

        if (input.Columns is { } columns && (columns.Count == 0 || columns.Any(string.IsNullOrEmpty)))
        {
            errors.Add($"{at}.columns must name at least one column.");
        }

        if (input.Image is not { } image)
        {
            return;
        }

        if (string.IsNullOrEmpty(image.Column))
        {
            errors.Add($"{at}.image.column must name the column of image paths.");
        }

        if (image.Height is not (>= 1 and <= EvaluationTerms.MaxImageSide) || image.Width is not (>= 1 and <= EvaluationTerms.MaxImageSide))
        {
            errors.Add($"{at}.image.height and width must be 1 to {EvaluationTerms.MaxImageSide}.");
        }

        OneOf(image.Resize, Resizes, $"{at}.image.resize", errors);
        OneOf(image.Color, Colors, $"{at}.image.color", errors);
        OneOf(image.Layout, Layouts, $"{at}.image.layout", errors);
        var channels = image.Color == EvaluationTerms.Grey ? 1 : 3;
        foreach (var (name, values) in new[] { ("mean", image.Mean), ("std", image.Std) })
        {
            if (values is not null && values.Count != 1 && values.Count != channels)
            {
                errors.Add($"{at}.image.{name} must have 1 or {channels} values.");
            }
        }

        if (image.Std is { } std && std.Any(s => s == 0 || double.IsNaN(s)))
        {
            errors.Add($"{at}.image.std must not hold 0.");
        }
    }

    private static void CheckOutput(OutputMeaning? output, List<string> errors)
    {
        if (output is null)
        {
            errors.Add("output must say what the model's output means (task, label or target).");
            return;
        }

        if (!Tasks.Contains(output.Task))
        {
            errors.Add($"output.task must be one of {string.Join(", ", Tasks)}.");
            return;
        }

        if (output.Task == EvaluationTerms.Classification)
        {
            OneOf(output.Scores, ScoreKinds, "output.scores", errors);
            if (string.IsNullOrEmpty(output.Label))
            {
                errors.Add("output.label must name the column of given labels.");
            }

            if (output.Classes is { } classes && (classes.Count < 2 || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count))
            {
                errors.Add("output.classes must name at least two distinct classes.");
            }

            if (output.TopK is < 1)
            {
                errors.Add("output.topK must be at least 1.");
            }
        }
        else if (string.IsNullOrEmpty(output.Target))
        {
            errors.Add("output.target must name the column of target values.");
        }
    }

    private static void OneOf(string? value, string[] allowed, string at, List<string> errors)
    {
        if (value is not null && !allowed.Contains(value))
        {
            errors.Add($"{at} must be one of {string.Join(", ", allowed)}.");
        }
    }
}
