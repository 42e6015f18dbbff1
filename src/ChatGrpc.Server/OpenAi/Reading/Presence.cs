using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>What "not set" means on the wire.</summary>
internal static class Presence
{
    /// <summary>Sent and not <c>null</c>: an absent key and JSON null both leave an optional field unset.</summary>
    public static bool IsSet(JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
}
