using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Protos;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>Loads ONNX Runtime and runs a one-node model, so a waiting worker has paid its start-up costs.</summary>
public static class WarmUp
{
    public static void Run()
    {
        var model = MatMulModel();
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(new float[Size], [1, Size]);
        using var options = new RunOptions();
        using var _ = session.Run(options, ["x"], [input], ["y"]);
        // The protobuf parser's paths for large tensors, from a file as inspection will take them. The file is unlinked
        // as soon as it is open: a standby worker is often killed while it waits, and must not leave files behind.
        var path = Path.Combine(Path.GetTempPath(), $"modelhub-warm-up-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        Inspection.OnnxInspectionResult inspection;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan))
        {
            File.Delete(path);
            inspection = Inspection.OnnxInspector.Inspect(file);
        }

        // The request and the report as they cross stdin and stdout: the serializer builds its converters on first use.
        var request = JsonSerializer.Deserialize<ValidationRequest>(JsonSerializer.SerializeToUtf8Bytes(
            new ValidationRequest([new ModelFile("m.onnx", "m.onnx", "fp32", true)], ["m.onnx"], SmokeSettings.None, Tolerance.Default), ValidationJson.Options), ValidationJson.Options);
        var smoke = new SmokeResult(1, 1, 1, [new SmokeInput("x", "float", [1, Size], false)], [new SmokeOutput("y", "float", [1, Size], true)]);
        JsonSerializer.SerializeToUtf8Bytes(new ValidationReport(true, null,
            [new FileReport("m.onnx", request?.Models[0].Variant, true, FileReport.Passed, null, inspection.Model) { Smoke = smoke, Agreement = [] }], 1), ValidationJson.Options);
    }

    private const int Size = 1024;

    /// <summary>y = x · w with 4 MB of raw weights: larger than the inspector's read buffer, so skipping them refills it.</summary>
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
                    Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 1 }, new TensorShapeProto.Types.Dimension { DimValue = columns } } },
                },
            },
        };

        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { Size, Size }, RawData = ByteString.CopyFrom(new byte[Size * Size * 4]) };
        var graph = new GraphProto { Name = "warm_up", Input = { Value("x", Size) }, Output = { Value("y", Size) }, Initializer = { weights } };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "w" }, Output = { "y" } });
        return new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } }.ToByteArray();
    }
}
