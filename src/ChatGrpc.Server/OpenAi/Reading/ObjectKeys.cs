using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Picks the value of one key out of an object, such as the tag of a <see cref="UnionReader{T}"/>.</summary>
internal static class ObjectKeys
{
    /// <summary>The value of <paramref name="key"/>: the undefined element when it is absent, its last value when it is repeated, as Python's json does.</summary>
    public static JsonElement Find(JsonElement value, ReadOnlySpan<byte> key)
    {
        var found = default(JsonElement);
        foreach (var property in value.EnumerateObject())
        {
            if (JsonText.GetUtf8Name(property).SequenceEqual(key))
            {
                found = property.Value;
            }
        }

        return found;
    }
}
