namespace ModelHub.Contracts.Evaluations;

/// <summary>
/// How to evaluate a model version on a dataset version's table: which rows (<see cref="Dataset"/> as
/// <c>owner/name@version</c>, <see cref="Table"/> by path, an optional <see cref="Filter"/> in the rows API's grammar),
/// how a row becomes each model input (<see cref="Inputs"/>) and what the output means (<see cref="Output"/>).
/// <see cref="Key"/> names the column that identifies a row (needed to accept suggested labels as a commit; else the table's
/// key from an earlier commit). <see cref="MaxAccuracyDrop"/> gates tiers: one whose accuracy is lower than the reference
/// tier's by more fails. Given in an evaluation request, or declared with the model version as its file
/// <c>evaluation.json</c>.
/// </summary>
public sealed record EvaluationSpec(
    string? Dataset = null,
    string? Table = null,
    string? Filter = null,
    string? Key = null,
    List<InputMapping>? Inputs = null,
    OutputMeaning? Output = null,
    double? MaxAccuracyDrop = null,
    int? BatchSize = null);

/// <summary>
/// One model input (<see cref="Name"/>; may be left out when the model has one input): numeric <see cref="Columns"/> in
/// order as a float tensor <c>[batch, columns]</c>, or an <see cref="Image"/> decoded from a path column.
/// </summary>
public sealed record InputMapping(string? Name = null, List<string>? Columns = null, ImageInput? Image = null);

/// <summary>
/// An image path column (paths of files of the dataset version) decoded and resized to <see cref="Height"/> x
/// <see cref="Width"/> by <see cref="Resize"/> (<c>stretch</c>, or <c>fit</c>: keep the aspect and pad with
/// <see cref="Pad"/>), in <see cref="Color"/> order (<c>rgb</c>, <c>bgr</c>, <c>grey</c>) and <see cref="Layout"/>
/// (<c>nchw</c>, <c>nhwc</c>); each value is <c>(pixel * Scale - Mean[c]) / Std[c]</c> (pixel 0–255; defaults scale 1/255,
/// mean 0, std 1).
/// </summary>
public sealed record ImageInput(
    string? Column = null,
    int? Height = null,
    int? Width = null,
    string? Resize = null,
    string? Color = null,
    string? Layout = null,
    double? Scale = null,
    List<double>? Mean = null,
    List<double>? Std = null,
    double? Pad = null);

/// <summary>
/// What the model's output (<see cref="Name"/>, default its first) means. <see cref="Task"/> <c>classification</c>:
/// scores per class (<see cref="Scores"/> <c>logits</c> or <c>probabilities</c>), <see cref="Classes"/> their names in
/// order (default the indices), <see cref="Label"/> the column of given labels (a class name or index); <see cref="TopK"/>
/// (default 5, at most the classes less one) for more than two classes. <c>regression</c>: one value per row against the
/// <see cref="Target"/>
/// column.
/// </summary>
public sealed record OutputMeaning(
    string? Task = null,
    string? Name = null,
    string? Scores = null,
    List<string>? Classes = null,
    string? Label = null,
    string? Target = null,
    int? TopK = null);
