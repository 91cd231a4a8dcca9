using System.Text.Json;
using Google.Protobuf;
using ModelHub.Contracts.Validation;
using ModelHub.Isolation;
using ModelHub.Onnx.Protos;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Runs the whole validation path once on a small model — inspection, inputs, ONNX Runtime, memory probe, tier
/// agreement, the JSON of request and report — so a waiting worker has paid its start-up and JIT costs.
/// </summary>
public static class WarmUp
{
    public static void Run()
    {
        var model = MatMulModel();
        SweepOrphans();
        // The file is unlinked as soon as it exists and written and read through its descriptor: a standby worker is often
        // killed while it waits, and must not leave files behind. (The name carries the process id, so the next worker
        // sweeps the file of one killed in the instant between creating and unlinking it.)
        var path = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        var local = path;
        if (OperatingSystem.IsLinux())
        {
            File.Delete(path);
            local = $"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}";
        }

        file.Write(model);
        file.Flush();
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new ValidationRequest(
                [new ModelFile("m.onnx", local, "fp32", true), new ModelFile("m_fp16.onnx", local, "fp16", DeclaredPrecision: "fp16")],
                ["m.onnx", "m_fp16.onnx"], new SmokeSettings(new Dictionary<string, long> { ["batch"] = 1 }), Tolerance.Default, Runs: 2),
                ValidationJson.Options);
            var request = JsonSerializer.Deserialize<ValidationRequest>(json, ValidationJson.Options)!;
            var report = ValidationEngine.Run(request, update => JsonSerializer.Serialize(Stream.Null, update, ValidationJson.Options));
            JsonSerializer.Serialize(Stream.Null, new WorkerEvent(WorkerEvent.Final, Report: report), ValidationJson.Options);
            RunSplit(request, $"{path}.outputs");
            ReadFullRequest(request);
        }
        finally
        {
            File.Delete(path);
        }

        MemoryProbe.Prepare();
    }

    /// <summary>
    /// A request with every optional part set, read as the worker reads one: the JSON converters of its hints, limits and
    /// split part are built on their first use, which cost the first real request 6-10 ms of its validation.
    /// </summary>
    private static void ReadFullRequest(ValidationRequest request)
    {
        var dims = new Dictionary<string, long> { ["batch"] = 1 };
        var inputs = new Dictionary<string, SmokeHint> { ["x"] = new([1, null], [0.5], 0, 1, "x.npy") };
        var scope = new SmokeScope(dims, inputs);
        var full = request with
        {
            Settings = new SmokeSettings(dims, inputs, new Dictionary<string, SmokeScope> { ["m.onnx"] = scope },
                new Dictionary<string, SmokeScope> { ["fp32"] = scope }),
            Tolerance = new Tolerance(0.99, 0.1, 0.1, 2),
            Limits = new ValidationLimits(1024),
            Root = Path.GetTempPath(),
            Part = new FilePart(FilePart.Tier, "outputs", "fp32"),
        };
        _ = JsonSerializer.Deserialize<ValidationRequest>(JsonSerializer.Serialize(full, ValidationJson.Options), ValidationJson.Options);
    }

    /// <summary>The same pair as a split validation's two workers run it: the reference writes its outputs, the tier reads them.</summary>
    private static void RunSplit(ValidationRequest request, string outputs)
    {
        try
        {
            foreach (var (model, role) in new[] { (request.Models[0], FilePart.Reference), (request.Models[1], FilePart.Tier) })
            {
                var part = request with { Models = [model], Part = new FilePart(role, outputs, "fp32") };
                ValidationEngine.Run(part, update => JsonSerializer.Serialize(Stream.Null, update, ValidationJson.Options), () => true);
            }
        }
        finally
        {
            File.Delete(outputs);
            File.Delete($"{outputs}.partial");
        }
    }

    private const int Size = 1024;
    private const string Prefix = "modelhub-warm-up-";

    /// <summary>Deletes warm-up files left by workers that no longer run (older ones had no process id: any of those).</summary>
    private static void SweepOrphans()
    {
        foreach (var orphan in Directory.EnumerateFiles(Path.GetTempPath(), $"{Prefix}*"))
        {
            var name = Path.GetFileName(orphan)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], out var pid) && WorkerProcesses.IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(orphan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or gone already.
            }
        }
    }

    /// <summary>
    /// y = x · w with 4 MB of raw weights (larger than the inspector's read buffer, so skipping them refills it) and a
    /// symbolic batch dim, which the warm-up's request sizes by a hint, as most real requests do.
    /// </summary>
    private static byte[] MatMulModel()
    {
        static ValueInfoProto Value(string name, long columns) => new()
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = new TensorShapeProto
                    {
                        Dim =
                        {
                            new TensorShapeProto.Types.Dimension { DimParam = "batch" },
                            new TensorShapeProto.Types.Dimension { DimValue = columns },
                        },
                    },
                },
            },
        };

        var weights = new TensorProto
        {
            Name = "w",
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { Size, Size },
            RawData = ByteString.CopyFrom(new byte[Size * Size * 4]),
        };
        var graph = new GraphProto
        {
            Name = "warm_up",
            Input = { Value("x", Size) },
            Output = { Value("y", Size) },
            Initializer = { weights },
        };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "w" }, Output = { "y" } });
        return new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } }.ToByteArray();
    }
}
