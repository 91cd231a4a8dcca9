using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// One model loaded in ONNX Runtime, run on input feeds. Throws what ONNX Runtime throws: run it in the isolated
/// worker process.
/// </summary>
public sealed class SmokeRunner : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _outputNames;

    private SmokeRunner(SessionOptions options, InferenceSession session, double loadMs)
    {
        _options = options;
        _session = session;
        _outputNames = [.. session.OutputMetadata.Keys];
        LoadMs = loadMs;
    }

    public double LoadMs { get; }

    public static SmokeRunner Load(string modelPath)
    {
        var watch = Stopwatch.StartNew();
        var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        // ONNX Runtime's pool threads busy-wait for work between operators by default. A version's files validate side by
        // side, each in its worker: spinning threads of one took the cores the other was loading on (a 51 MB load went
        // from 120 to 220 ms beside its fp16 tier). They also take them from the server. The run's latency barely moves.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            var session = new InferenceSession(modelPath, options);
            return new SmokeRunner(options, session, watch.Elapsed.TotalMilliseconds);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Runs once; adds the outputs to <paramref name="outputs"/> (values kept when it asks) and returns the latency.</summary>
    public double Run(InputFeed feed, OutputSeries outputs)
    {
        var watch = Stopwatch.StartNew();
        using var results = _session.Run(_runOptions, feed.Names, feed.Values, _outputNames);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        for (var i = 0; i < _outputNames.Length; i++)
        {
            outputs.Add(_outputNames[i], results[i]);
        }

        outputs.EndSet();
        return elapsed;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }
}
