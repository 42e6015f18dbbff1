using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// Writes a proto <c>optional</c> field only when it is set, so that a key the caller left out is left out on the
/// wire too (a proto scalar reads as its zero value when unset, which OpenAI's API would take as sent).
/// </summary>
internal static class OptionalFieldJson
{
    public static void WriteStringIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, string value)
    {
        if (isSet)
        {
            writer.WriteString(propertyName, value);
        }
    }

    public static void WriteBooleanIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, bool value)
    {
        if (isSet)
        {
            writer.WriteBoolean(propertyName, value);
        }
    }

    public static void WriteNumberIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, long value)
    {
        if (isSet)
        {
            writer.WriteNumber(propertyName, value);
        }
    }

    public static void WriteNumberIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, double value)
    {
        if (isSet)
        {
            writer.WriteNumber(propertyName, value);
        }
    }
}
