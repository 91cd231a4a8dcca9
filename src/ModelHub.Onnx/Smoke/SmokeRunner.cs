using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Loads a model in ONNX Runtime, feeds it inputs built from its metadata and hints, runs it several times and
/// records latency and outputs. Throws what ONNX Runtime throws: run it in the isolated worker process.
/// </summary>
public static class SmokeRunner
{
    public static SmokeResult Run(string modelPath, SmokeSettings settings, int runs)
    {
        var load = Stopwatch.StartNew();
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(modelPath, options);
        var loadMs = load.Elapsed.TotalMilliseconds;

        var inputs = session.InputMetadata.Select(m => InputFactory.Describe(m.Key, m.Value, settings)).ToList();
        var values = inputs.Select(i => InputFactory.Create(i, settings)).ToList();
        try
        {
            var names = inputs.Select(i => i.Name).ToArray();
            var outputNames = session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            var latencies = new List<double>();
            IReadOnlyList<SmokeOutput> outputs = [];
            for (var run = 0; run < Math.Max(1, runs); run++)
            {
                var watch = Stopwatch.StartNew();
                using var results = session.Run(runOptions, names, values, outputNames);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (run == 0)
                {
                    outputs = outputNames.Select((name, i) => Read(name, results[i])).ToList();
                }
            }

            latencies.Sort();
            return new SmokeResult(loadMs, latencies[latencies.Count / 2], latencies.Count,
                inputs.Select(i => new SmokeInput(i.Name, i.Type.ToString().ToLowerInvariant(), i.Shape, i.Hinted)).ToList(), outputs);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static SmokeOutput Read(string name, OrtValue value)
    {
        if (!value.IsTensor)
        {
            return new SmokeOutput(name, value.OnnxType.ToString().ToLowerInvariant(), [], true);
        }

        var info = value.GetTensorTypeAndShape();
        var data = info.ElementDataType switch
        {
            TensorElementType.Float => Convert(value.GetTensorDataAsSpan<float>(), v => v),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Float16 => Convert(value.GetTensorDataAsSpan<Float16>(), v => (float)v),
            TensorElementType.BFloat16 => Convert(value.GetTensorDataAsSpan<BFloat16>(), v => (float)v),
            TensorElementType.Int8 => Convert(value.GetTensorDataAsSpan<sbyte>(), v => v),
            TensorElementType.UInt8 => Convert(value.GetTensorDataAsSpan<byte>(), v => v),
            TensorElementType.Int32 => Convert(value.GetTensorDataAsSpan<int>(), v => v),
            TensorElementType.Int64 => Convert(value.GetTensorDataAsSpan<long>(), v => v),
            TensorElementType.Bool => Convert(value.GetTensorDataAsSpan<bool>(), v => v ? 1 : 0),
            _ => [],
        };
        var finite = data.All(double.IsFinite);
        return new SmokeOutput(name, info.ElementDataType.ToString().ToLowerInvariant(), info.Shape, finite) { Values = data };
    }

    private static double[] Convert<T>(ReadOnlySpan<T> span, Func<T, double> convert)
    {
        var result = new double[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            result[i] = convert(span[i]);
        }

        return result;
    }
}
