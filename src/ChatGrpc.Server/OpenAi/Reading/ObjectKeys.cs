using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Picks the values of known keys out of a small object in one pass. A key that is absent gives the
/// undefined element; a repeated key gives its last value, as Python's json does; other keys are ignored.
/// </summary>
internal static class ObjectKeys
{
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

    // The two- and three-key forms leave the last keys empty: a key named "" may match them, into a discarded value.
    public static void Collect(JsonElement value, ReadOnlySpan<byte> key1, out JsonElement value1, ReadOnlySpan<byte> key2, out JsonElement value2) =>
        Collect(value, key1, out value1, key2, out value2, [], out _, [], out _);

    public static void Collect(
        JsonElement value,
        ReadOnlySpan<byte> key1,
        out JsonElement value1,
        ReadOnlySpan<byte> key2,
        out JsonElement value2,
        ReadOnlySpan<byte> key3,
        out JsonElement value3) =>
        Collect(value, key1, out value1, key2, out value2, key3, out value3, [], out _);

    public static void Collect(
        JsonElement value,
        ReadOnlySpan<byte> key1,
        out JsonElement value1,
        ReadOnlySpan<byte> key2,
        out JsonElement value2,
        ReadOnlySpan<byte> key3,
        out JsonElement value3,
        ReadOnlySpan<byte> key4,
        out JsonElement value4)
    {
        value1 = value2 = value3 = value4 = default;
        foreach (var property in value.EnumerateObject())
        {
            var name = JsonText.GetUtf8Name(property);
            if (name.SequenceEqual(key1))
            {
                value1 = property.Value;
            }
            else if (name.SequenceEqual(key2))
            {
                value2 = property.Value;
            }
            else if (name.SequenceEqual(key3))
            {
                value3 = property.Value;
            }
            else if (name.SequenceEqual(key4))
            {
                value4 = property.Value;
            }
        }
    }
}
