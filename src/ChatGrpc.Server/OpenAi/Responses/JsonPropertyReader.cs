using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads one property of an upstream's object into <paramref name="target"/>. For a known key the reader stands on
/// the value; for an unknown key (<see cref="JsonObjectReader{T}"/>'s <c>readUnknown</c>) it stands on the name, which
/// is what is kept. Either way it is left on the value's last token.
/// </summary>
internal delegate void JsonPropertyReader<in T>(ref Utf8JsonReader reader, T target);
