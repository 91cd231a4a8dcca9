using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Evaluations;
using ModelHub.Contracts.Validation;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Checks a spec against the table and the model before anything runs: every column it names exists (numbers for numeric
/// inputs and regression targets, text for image paths), every input it names is the model's and every model input is
/// mapped, the output it names exists, and text labels come with class names. Each problem is one sentence.
/// </summary>
public static class SpecChecker
{
    private static readonly string[] NumberKinds = [ColumnKinds.Integer, ColumnKinds.Float, ColumnKinds.Boolean];

    public static List<string> Check(EvaluationSpec spec, IReadOnlyList<TableColumn> columns, OnnxModelInfo? model)
    {
        var errors = new List<string>();
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        void Column(string? name, string at, string[]? kinds, string what)
        {
            if (name is null)
            {
                return;
            }

            if (!byName.TryGetValue(name, out var column))
            {
                errors.Add($"{at} names column '{name}', which the table does not have.");
            }
            else if (kinds is not null && !kinds.Contains(column.Kind))
            {
                errors.Add($"{at} names column '{name}' ({column.Type}), which does not hold {what}.");
            }
        }

        var inputs = spec.Inputs ?? [];
        for (var i = 0; i < inputs.Count; i++)
        {
            foreach (var name in inputs[i].Columns ?? [])
            {
                Column(name, $"inputs[{i}].columns", NumberKinds, "numbers");
            }

            Column(inputs[i].Image?.Column, $"inputs[{i}].image.column", [ColumnKinds.Text], "image paths");
        }

        var output = spec.Output!;
        Column(output.Label, "output.label", null, "labels");
        Column(output.Target, "output.target", NumberKinds, "numbers");
        Column(spec.Key, "key", null, "keys");
        if (output is { Task: EvaluationTerms.Classification, Classes: null, Label: { } label }
            && byName.TryGetValue(label, out var labels) && labels.Kind == ColumnKinds.Text)
        {
            errors.Add($"output.classes must name the classes in the model's order: the labels in '{label}' are text.");
        }

        if (model is not null)
        {
            CheckModel(spec, model, errors);
        }

        return errors;
    }

    private static void CheckModel(EvaluationSpec spec, OnnxModelInfo model, List<string> errors)
    {
        var names = model.Inputs.Select(i => i.Name).ToList();
        var mapped = new List<string>();
        foreach (var (input, i) in (spec.Inputs ?? []).Select((m, i) => (m, i)))
        {
            var name = input.Name ?? (names.Count == 1 ? names[0] : null);
            if (name is null)
            {
                errors.Add($"inputs[{i}].name is needed: the model has {names.Count} inputs.");
            }
            else if (!names.Contains(name))
            {
                errors.Add($"inputs[{i}].name is '{name}', which the model does not take.");
            }
            else
            {
                mapped.Add(name);
            }
        }

        errors.AddRange(names.Except(mapped).Select(n => $"The model's input '{n}' is not mapped from the table."));
        if (spec.Output?.Name is { } output && model.Outputs.All(o => o.Name != output))
        {
            errors.Add($"output.name is '{output}', which the model does not give.");
        }
    }
}
