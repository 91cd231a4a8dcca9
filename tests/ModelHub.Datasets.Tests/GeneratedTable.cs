using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelHub.Datasets.Tests;

/// <summary>
/// A table generated in code, written as CSV, TSV, JSONL or Parquet; tests check the engine's answers against the
/// generated values. Row i: id i, label cat/dog/bird by i % 3, score i / 10 (null when i % 10 == 9), text with quotes and
/// commas every 7th row, image "images/i.jpg", flag i % 2 == 0.
/// </summary>
public sealed class GeneratedTable
{
    public static readonly string[] Labels = ["cat", "dog", "bird"];

    public GeneratedTable(int rowCount) => RowCount = rowCount;

    public int RowCount { get; }

    public static string Label(int i) => Labels[i % 3];

    public static double? Score(int i) => i % 10 == 9 ? null : i / 10.0;

    public static string Text(int i) => i % 7 == 0 ? $"say \"hi\", item {i}" : $"item {i}";

    public static string Image(int i) => $"images/{i}.jpg";

    public IEnumerable<int> Ids => Enumerable.Range(0, RowCount);

    public string Write(string folder, string extension)
    {
        var path = Path.Combine(folder, "table" + extension);
        switch (extension)
        {
            case ".csv":
                File.WriteAllText(path, Delimited(","));
                break;
            case ".tsv":
                File.WriteAllText(path, Delimited("\t"));
                break;
            case ".jsonl":
                File.WriteAllLines(path, Ids.Select(i => JsonSerializer.Serialize(new
                {
                    id = i,
                    label = Label(i),
                    score = Score(i),
                    text = Text(i),
                    image = Image(i),
                    flag = i % 2 == 0,
                })));
                break;
            default:
                var csv = Write(folder, ".csv");
                Duck.Execute($"COPY (SELECT * FROM read_csv('{csv}')) TO '{path}' (FORMAT parquet)");
                File.Delete(csv);
                break;
        }

        return path;
    }

    private string Delimited(string separator)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(separator, "id", "label", "score", "text", "image", "flag"));
        foreach (var i in Ids)
        {
            var quoted = "\"" + Text(i).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var score = Score(i)?.ToString(CultureInfo.InvariantCulture) ?? "";
            text.AppendLine(string.Join(separator, i, Label(i), score, quoted, Image(i), i % 2 == 0 ? "true" : "false"));
        }

        return text.ToString();
    }
}
