using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Contracts.Validation;

public static class ValidationJson
{
    /// <summary>camelCase, nulls omitted, NaN written as a string: what the worker speaks and the server stores.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
