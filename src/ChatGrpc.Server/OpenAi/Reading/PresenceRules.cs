using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>What each <see cref="Presence"/> makes of a key's value.</summary>
internal static class PresenceRules
{
    /// <summary>
    /// Whether <paramref name="value"/>, that of <paramref name="key"/> in <paramref name="owner"/> (the undefined
    /// element when the key was not sent), is to be read; reports <c>missing</c> for a required key that was not sent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Admits(this Presence presence, JsonElement value, JsonElement owner, JsonReadContext context, string key) => presence switch
    {
        Presence.Optional => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null),
        Presence.Omittable => value.ValueKind != JsonValueKind.Undefined,
        Presence.RequiredOrNull => context.RequireKey(value, owner, key) && value.ValueKind != JsonValueKind.Null,
        _ => context.RequireKey(value, owner, key),
    };
}
