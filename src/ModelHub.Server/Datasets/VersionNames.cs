using System.Globalization;
using System.Text.RegularExpressions;
using ModelHub.Core.Naming;

namespace ModelHub.Server.Datasets;

/// <summary>The default name of a commit's version: the parent's with its last number increased (<c>3</c> → <c>4</c>,
/// <c>1.2.0</c> → <c>1.2.1</c>, <c>v7-rc</c> → <c>v8-rc</c>), else the parent's with <c>.1</c> added.</summary>
public static partial class VersionNames
{
    public static string Next(string parent, ISet<string> taken)
    {
        var candidate = parent;
        for (var i = 0; i < 1000; i++)
        {
            candidate = Increment(candidate);
            if (!taken.Contains(candidate) && Names.IsValidVersion(candidate))
            {
                return candidate;
            }
        }

        return $"{parent}.{Guid.NewGuid():N}"[..64];
    }

    private static string Increment(string name)
    {
        var last = LastNumber().Match(name);
        if (!last.Success || last.Value.Length > 18)
        {
            return name + ".1";
        }

        var next = (long.Parse(last.Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        return name[..last.Index] + next + name[(last.Index + last.Length)..];
    }

    [GeneratedRegex(@"\d+(?=\D*$)")]
    private static partial Regex LastNumber();
}
