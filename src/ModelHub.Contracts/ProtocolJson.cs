using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Contracts;

/// <summary>
/// The JSON the isolated workers speak with the server, and the server stores reports in: camelCase, nulls omitted,
/// NaN and infinities written as strings (a broken tier's outputs are not finite).
/// </summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
