using System.Text.Json;
using ModelHub.Contracts;

namespace ModelHub.Datasets.Isolation;

/// <summary>The JSON of the datasets worker protocol, shared by the server and the worker.</summary>
public static class WorkerJson
{
    public static JsonSerializerOptions Options => ProtocolJson.Options;
}
