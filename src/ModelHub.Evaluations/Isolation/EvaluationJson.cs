using System.Text.Json;
using ModelHub.Contracts;

namespace ModelHub.Evaluations.Isolation;

/// <summary>The JSON of the evaluation worker protocol, shared by the server and the worker. The worker reads and writes
/// through <see cref="ReadWorkAsync"/> and <see cref="Write"/> only, so its warm-up compiles exactly the calls it makes.</summary>
public static class EvaluationJson
{
    public static JsonSerializerOptions Options => ProtocolJson.Options;

    public static async Task<EvaluationWork> ReadWorkAsync(Stream input) =>
        await JsonSerializer.DeserializeAsync<EvaluationWork>(input, Options)
            ?? throw new InvalidOperationException("No evaluation on stdin.");

    /// <summary>Writes one protocol line and flushes it.</summary>
    public static void Write(Stream output, EvaluationMessage message)
    {
        JsonSerializer.Serialize(output, message, Options);
        output.Write("\n"u8);
        output.Flush();
    }
}
