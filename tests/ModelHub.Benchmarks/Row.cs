namespace ModelHub.Benchmarks;

/// <summary>One line of the results table.</summary>
public sealed record Row(string Stack, string Case, string Value, string Target, bool? Met)
{
    public static void Print(IEnumerable<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| stack | case | measured | target | |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var verdict = row.Met switch { true => "PASS", false => "MISS", null => "" };
            Console.WriteLine($"| {row.Stack} | {row.Case} | {row.Value} | {row.Target} | {verdict} |");
        }
    }
}
