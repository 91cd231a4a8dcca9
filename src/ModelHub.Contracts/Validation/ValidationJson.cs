using System.Text.Json;

namespace ModelHub.Contracts.Validation;

public static class ValidationJson
{
    /// <summary>What the validation worker speaks and the server stores (see <see cref="ProtocolJson"/>).</summary>
    public static JsonSerializerOptions Options => ProtocolJson.Options;
}
