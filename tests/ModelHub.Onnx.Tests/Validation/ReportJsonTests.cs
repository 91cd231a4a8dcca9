using System.Text.Json;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>
/// The API writes reports with the framework's JSON options, which throw on NaN and ∞ (a GET answered 500 with its
/// JSON cut off when a tier's outputs could not be compared). No report value may be one.
/// </summary>
public sealed class ReportJsonTests
{
    private static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Numbers_that_are_not_numbers_are_left_out_wherever_they_are_set()
    {
        var agreement = new Agreement("y", double.NaN, double.PositiveInfinity, false, "shapes differ") { RelativeError = double.NaN };
        var input = new SmokeInput("x", "float", [1], false) { Min = double.NegativeInfinity, Max = double.NaN };
        var smoke = new SmokeResult(double.NaN, double.PositiveInfinity, 1, [input], []) { FirstRunMs = double.NaN };
        var file = new FileReport("m.onnx", "int8", false, FileReport.Failed, "r", null)
        {
            Smoke = smoke,
            Agreement = [agreement],
            Inputs = [input],
        };
        var report = new ValidationReport(false, "r", [file], double.NaN)
        {
            Tolerance = new Tolerance(double.NaN, double.NaN, double.PositiveInfinity),
        };

        var json = JsonSerializer.Serialize(report, Api);

        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);
        Assert.Null(agreement.Cosine);
        Assert.Null((agreement with { MaxAbsDiff = double.NaN }).MaxAbsDiff);
    }

    [Fact]
    public void A_report_stored_with_NaN_before_this_fix_reads_and_serialises_for_the_api()
    {
        const string stored = """
            {"passed":false,"reason":"x","files":[{"path":"m.onnx","variant":"fp16","isReference":false,"status":"failed",
            "agreement":[{"output":"y","maxAbsDiff":"NaN","cosine":"NaN","passed":false,"reason":"shape"}]}],"elapsedMs":12}
            """;

        var report = JsonSerializer.Deserialize<ValidationReport>(stored, ValidationJson.Options)!;
        var json = JsonSerializer.Serialize(report, Api);

        Assert.Contains("\"cosine\":null", json);
        Assert.Equal("shape", report.Files[0].Agreement![0].Reason);
    }
}
