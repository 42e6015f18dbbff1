using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Reads the value of one key of <paramref name="owner"/> into <paramref name="target"/>; <paramref name="value"/>
/// is the undefined element when the key was not sent.
/// </summary>
/// <returns>False when the object is not to be made without this value (see <see cref="ObjectReader{T}"/>).</returns>
internal delegate bool KeyReader<in T>(JsonElement value, JsonElement owner, JsonReadContext context, T target);
