using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Reads the value of one key into <paramref name="target"/>, once its <see cref="Presence"/> has admitted it
/// (see <see cref="ObjectReader{T}"/>).
/// </summary>
/// <returns>False when the value has problems.</returns>
internal delegate bool KeyReader<in T>(JsonElement value, JsonReadContext context, T target);
