using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Evaluations;
using ModelHub.Datasets.Engine;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations;

/// <summary>
/// The columns an evaluation reads from each row, each with the type it is read as (numbers as DOUBLE, labels, keys and
/// paths as text), in the order of the pager's select list: a column's position is its index plus one (the row number is
/// first). A value that does not cast reads as null, and its row is skipped.
/// </summary>
internal sealed class RowColumns
{
    private readonly List<(string Name, string Type)> _columns = [];

    /// <summary>The columns <paramref name="work"/>'s spec reads, registered in the order the run asks for them (inputs, key,
    /// label or target), so the run's positions are these: the table can be read before the model has loaded.</summary>
    public static RowColumns Of(EvaluationWork work)
    {
        var columns = new RowColumns();
        foreach (var mapping in work.Spec.Inputs ?? [])
        {
            if (mapping.Image is { Column: { } image })
            {
                columns.Text(image);
            }
            else
            {
                foreach (var column in mapping.Columns ?? [])
                {
                    columns.Number(column);
                }
            }
        }

        if (work.Key is { } key)
        {
            columns.Text(key);
        }

        if (work.Spec.Output is { } output && (output.Task == EvaluationTerms.Classification ? output.Label : output.Target) is { } label)
        {
            _ = output.Task == EvaluationTerms.Classification ? columns.Text(label) : columns.Number(label);
        }

        return columns;
    }

    public int Number(string name) => Add(name, "DOUBLE");

    public int Text(string name) => Add(name, "VARCHAR");

    /// <summary>Per column, in select order after the row number: whether it is read as text.</summary>
    public IReadOnlyList<bool> Texts => [.. _columns.Select(c => c.Type == "VARCHAR")];

    /// <summary>The select list over <paramref name="table"/>; a column the table lacks fails with the columns it has.</summary>
    public IReadOnlyList<string> Select(IReadOnlyList<TableColumn> table)
    {
        var names = table.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (_columns.FirstOrDefault(c => !names.Contains(c.Name)) is { Name: { } missing })
        {
            throw new EvaluationException($"The table has no column '{missing}' (it has {string.Join(", ", names)}).");
        }

        return [.. _columns.Select(c => $"TRY_CAST({Sql.Identifier(c.Name)} AS {c.Type})")];
    }

    private int Add(string name, string type)
    {
        var index = _columns.IndexOf((name, type));
        if (index < 0)
        {
            _columns.Add((name, type));
            index = _columns.Count - 1;
        }

        return index + 1;
    }
}
