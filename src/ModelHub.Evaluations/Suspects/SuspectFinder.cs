using System.Text.Json.Nodes;
using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Suspects;

/// <summary>
/// Collects the reference tier's probabilities row by row into a scratch file (a table may be larger than memory), then
/// judges every row with <see cref="ConfidentLearning"/> in a second pass and keeps the most implausible labels: the
/// lowest probability of the given label first.
/// </summary>
internal sealed class SuspectFinder : IDisposable
{
    private readonly int _classes;
    private readonly IReadOnlyList<string> _names;
    private readonly ConfidentLearning _learning;
    private readonly string _path;
    private readonly BinaryWriter _writer;
    private readonly List<string?> _keys = [];

    public SuspectFinder(IReadOnlyList<string> names, string scratch)
    {
        _names = names;
        _classes = names.Count;
        _learning = new ConfidentLearning(_classes);
        _path = Path.Combine(scratch, "reference-probabilities.bin");
        _writer = new BinaryWriter(new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
    }

    public void Add(long row, string? key, int label, ReadOnlySpan<double> probabilities)
    {
        _learning.Observe(label, probabilities);
        _keys.Add(key);
        _writer.Write(row);
        _writer.Write(label);
        foreach (var p in probabilities)
        {
            _writer.Write((float)p);
        }
    }

    public (long Total, List<SuspectRow> Rows) Find(int max)
    {
        _writer.Dispose();
        var kept = new PriorityQueue<SuspectRow, double>();
        var total = 0L;
        var probabilities = new double[_classes];
        using var reader = new BinaryReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        for (var i = 0; i < _keys.Count; i++)
        {
            var row = reader.ReadInt64();
            var label = reader.ReadInt32();
            for (var c = 0; c < _classes; c++)
            {
                probabilities[c] = reader.ReadSingle();
            }

            if (_learning.Judge(label, probabilities) is not var (suggested, confidence))
            {
                continue;
            }

            total++;
            var suspect = new SuspectRow(row, _keys[i] is { } key ? JsonValue.Create(key) : null, _names[label], probabilities[label],
                _names[suggested], confidence);
            // Keeps the max lowest given-label probabilities: the queue's head is the most plausible kept so far.
            kept.Enqueue(suspect, -probabilities[label]);
            if (kept.Count > max)
            {
                kept.Dequeue();
            }
        }

        var rows = new List<SuspectRow>(kept.Count);
        while (kept.TryDequeue(out var suspect, out _))
        {
            rows.Add(suspect);
        }

        rows.Reverse();
        return (total, rows);
    }

    public void Dispose() => _writer.Dispose();
}
