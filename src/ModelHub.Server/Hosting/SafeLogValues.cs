using System.Globalization;
using System.Text;
using ModelHub.Core.Naming;
using Serilog.Core;
using Serilog.Events;

namespace ModelHub.Server.Hosting;

/// <summary>
/// Neutralises control and bidirectional-formatting characters in every logged value (a request path, a header, a name
/// from a request body): a <c>%0A</c> in a URL would otherwise start a forged line in a text log, and a right-to-left
/// override would make a line read differently from what it says. Each such character is written as <c>\uXXXX</c>.
/// </summary>
public sealed class SafeLogValues : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var safe = Neutralise(value);
            if (!ReferenceEquals(safe, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, safe));
            }
        }

        changed?.ForEach(logEvent.AddOrUpdateProperty);
    }

    /// <summary>True for characters that must not reach a log line as themselves.</summary>
    public static bool IsUnsafe(char c) => HiddenCharacters.IsHidden(c);

    /// <summary><paramref name="text"/> with every unsafe character written as <c>\uXXXX</c>.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(IsUnsafe(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c);
        }

        return builder.ToString();
    }

    private static LogEventPropertyValue Neutralise(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text } when text.Any(IsUnsafe):
                return new ScalarValue(Escape(text));
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Neutralise).ToList();
                return Same(sequence.Elements, elements) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var values = structure.Properties.Select(p => Neutralise(p.Value)).ToList();
                return Same(structure.Properties.Select(p => p.Value).ToList(), values) ? value
                    : new StructureValue(structure.Properties.Zip(values, (p, v) => new LogEventProperty(p.Name, v)), structure.TypeTag);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements
                    .Select(e => KeyValuePair.Create((ScalarValue)Neutralise(e.Key), Neutralise(e.Value))).ToList();
                var same = dictionary.Elements.Zip(entries).All(x => ReferenceEquals(x.First.Key, x.Second.Key)
                    && ReferenceEquals(x.First.Value, x.Second.Value));
                return same ? value : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    private static bool Same(IReadOnlyList<LogEventPropertyValue> before, List<LogEventPropertyValue> after) =>
        before.Zip(after).All(x => ReferenceEquals(x.First, x.Second));
}
