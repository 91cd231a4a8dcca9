using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Evaluations.Isolation;

/// <summary>The JSON of the worker protocol, shared by the server and the worker.</summary>
public static class EvaluationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
