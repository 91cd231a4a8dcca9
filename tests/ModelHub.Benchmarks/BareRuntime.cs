using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Benchmarks;

/// <summary>
/// The anchor of the worker benchmark in a process of its own, as the worker is: ONNX Runtime loaded and warm, it reads
/// a model path per line on stdin, creates a session, runs it once at the benchmark's input shape and answers the
/// milliseconds. Before each, it returns the memory the previous session freed (malloc_trim), as a process loading a
/// model for the first time has none to reuse.
/// </summary>
public static class BareRuntime
{
    public const string Argument = "--bare-onnx-runtime";

    public static void Serve()
    {
        while (Console.ReadLine() is { Length: > 0 } path)
        {
            Console.WriteLine(Measure(path, trim: true).ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A child process serving <see cref="Serve"/>; <see cref="Client.Measure"/> asks it for one model.</summary>
    public static Client Start() => new(Process.Start(new ProcessStartInfo("dotnet")
    {
        ArgumentList = { typeof(BareRuntime).Assembly.Location, Argument },
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    }) ?? throw new InvalidOperationException("The bare ONNX Runtime process did not start."));

    /// <summary>Session create + one run of the model at <paramref name="path"/>, in milliseconds; with <paramref name="trim"/>,
    /// after returning the memory earlier sessions freed to the system.</summary>
    public static double Measure(string path, bool trim)
    {
        if (trim)
        {
            MemoryProbe.TrimNativeHeap();
        }

        var watch = Stopwatch.StartNew();
        using var session = new InferenceSession(path);
        long[] shape = [1, BenchmarkModels.Channels, BenchmarkModels.Side, BenchmarkModels.Side];
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        var random = new Random(1);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, ["x"], [value], ["y"]);
        return watch.Elapsed.TotalMilliseconds;
    }

    public sealed class Client(Process process) : IDisposable
    {
        public double Measure(string path)
        {
            process.StandardInput.WriteLine(path);
            process.StandardInput.Flush();
            return double.Parse(process.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            process.StandardInput.Close();
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }
}
