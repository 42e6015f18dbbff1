using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>What "not set" means on the wire.</summary>
internal static class Presence
{
    /// <summary>Sent and not <c>null</c>: an absent key and JSON null both leave an optional field unset.</summary>
    public static bool IsSet(JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>
    /// Sent at all, JSON null included: a key inside an object that OpenAI's types do not mark Optional may be left
    /// out, but null is a value of the wrong kind there, as Pydantic reports it.
    /// </summary>
    public static bool IsSent(JsonElement value) => value.ValueKind != JsonValueKind.Undefined;
}
