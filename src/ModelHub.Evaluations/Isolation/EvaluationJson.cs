using System.Text.Json;
using ModelHub.Contracts;

namespace ModelHub.Evaluations.Isolation;

/// <summary>The JSON of the evaluation worker protocol, shared by the server and the worker.</summary>
public static class EvaluationJson
{
    public static JsonSerializerOptions Options => ProtocolJson.Options;
}
