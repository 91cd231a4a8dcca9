using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.ML.OnnxRuntime;
using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations;

/// <summary>
/// Loads ONNX Runtime (a one-node model run once), DuckDB and the protocol's serializers, so a worker started ahead of
/// need has paid its start-up costs before its evaluation arrives.
/// </summary>
public static class WarmUp
{
    // A Relu over a float [1, 4], as protobuf (ir 8, opset 17): no ONNX tooling in the worker to build one.
    private const string Model = "CAhCAhAROkEKDAoBeBIBeSIEUmVsdRIHd2FybV91cFoTCgF4Eg4KDAgBEggKAggBCgIIBGITCgF5Eg4KDAgBEggKAggBCgIIBA==";

    public static void Run()
    {
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
        using (var session = new InferenceSession(Convert.FromBase64String(Model), options))
        using (var input = OrtValue.CreateTensorValueFromMemory(new float[4], [1, 4]))
        using (var run = new RunOptions())
        using (session.Run(run, ["x"], [input], ["y"]))
        {
        }

        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
        }

        var spec = new EvaluationSpec("a/b@1", "t.csv", "x = 1", "id", [new InputMapping("x", ["a"])],
            new OutputMeaning(EvaluationTerms.Classification, Classes: ["a", "b"], Label: "l"));
        JsonSerializer.Deserialize<EvaluationWork>(JsonSerializer.SerializeToUtf8Bytes(
            new EvaluationWork(spec, "t", [new TierFile("fp32", "m", true)], "s", "p"), EvaluationJson.Options), EvaluationJson.Options);
        JsonSerializer.SerializeToUtf8Bytes(new EvaluationMessage(1, 2), EvaluationJson.Options);
    }
}
