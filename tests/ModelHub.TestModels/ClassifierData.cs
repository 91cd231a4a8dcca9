using System.Globalization;
using System.Text;

namespace ModelHub.TestModels;

/// <summary>
/// Rows for <see cref="Classifiers"/>: features in [-1, 1), the label the model computes, and a known fraction of labels
/// flipped to another class (the mislabelled rows an evaluation should suspect).
/// </summary>
public sealed record ClassifierData(string Csv, IReadOnlySet<long> FlippedIds, int Rows)
{
    public static ClassifierData Generate(int rows, double flipped, int seed = 11)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,x0,x1,x2,x3,label\n");
        var flips = new HashSet<long>();
        for (var id = 0; id < rows; id++)
        {
            var x = Enumerable.Range(0, Classifiers.Features).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var label = Classifiers.Label(x);
            if (random.NextDouble() < flipped)
            {
                label = (label + 1 + random.Next(Classifiers.Classes - 1)) % Classifiers.Classes;
                flips.Add(id);
            }

            csv.Append(id).Append(',')
                .Append(string.Join(",", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
                .Append(',').Append(Classifiers.ClassNames[label]).Append('\n');
        }

        return new ClassifierData(csv.ToString(), flips, rows);
    }

    /// <summary>The evaluation spec of this data for <see cref="Classifiers"/>, as the API takes it.</summary>
    public static object Spec(string dataset, string table, double? maxAccuracyDrop = null) => new
    {
        dataset,
        table,
        key = "id",
        inputs = new[] { new { name = "x", columns = new[] { "x0", "x1", "x2", "x3" } } },
        output = new { task = "classification", scores = "logits", classes = Classifiers.ClassNames, label = "label" },
        maxAccuracyDrop,
    };
}
