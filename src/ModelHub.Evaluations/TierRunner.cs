using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations;

/// <summary>One tier's ONNX Runtime session, run batch by batch on the same input tensors as the other tiers; it keeps the
/// time spent in the model (the latency per example is that time over the examples).</summary>
internal sealed class TierRunner(TierFile tier, InferenceSession session, string output) : IDisposable
{
    private readonly string[] _outputs = [output];
    private readonly RunOptions _runOptions = new();
    private long _ticks;
    private long _examples;

    public TierFile Tier { get; } = tier;
    public InferenceSession Session { get; } = session;

    public double LatencyMsPerExample => _examples == 0 ? 0 : TimeSpan.FromTicks(_ticks).TotalMilliseconds / _examples;

    /// <summary>Runs a batch of <paramref name="count"/> examples (the inputs may hold padding beyond them) and returns the
    /// output's values as floats.</summary>
    public float[] Run(IReadOnlyList<string> names, IReadOnlyList<OrtValue> inputs, int count)
    {
        var watch = Stopwatch.StartNew();
        using var results = Session.Run(_runOptions, names, inputs, _outputs);
        _ticks += watch.Elapsed.Ticks;
        _examples += count;
        var value = results[0];
        return value.GetTensorTypeAndShape().ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => [.. Convert(value.GetTensorDataAsSpan<Float16>())],
            TensorElementType.Double => [.. value.GetTensorDataAsSpan<double>().ToArray().Select(v => (float)v)],
            var other => throw new EvaluationException($"Output '{_outputs[0]}' of tier {Tier.Name} is {other}, not floats."),
        };
    }

    public static TierRunner Open(TierFile tier, string? output)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(tier.Path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EvaluationException($"Tier {tier.Name} could not be loaded: {e.Message}");
        }

        var name = output ?? session.OutputNames[0];
        if (!session.OutputMetadata.ContainsKey(name))
        {
            session.Dispose();
            throw new EvaluationException($"Tier {tier.Name} has no output '{name}' (it has {string.Join(", ", session.OutputNames)}).");
        }

        return new TierRunner(tier, session, name);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        Session.Dispose();
    }

    private static float[] Convert(ReadOnlySpan<Float16> values)
    {
        var floats = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            floats[i] = (float)values[i];
        }

        return floats;
    }
}
