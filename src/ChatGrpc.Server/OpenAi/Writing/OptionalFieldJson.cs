using System.Text.Json;
using ChatGrpc.Server.Validation;

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

    /// <summary>
    /// A sampling number (temperature, top_p, penalties) in the form <see cref="ProtoStructJson.WriteNumber"/>
    /// gives every number of a request: a whole number as an integer.
    /// </summary>
    public static void WriteNumberIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, double value)
    {
        if (isSet)
        {
            writer.WritePropertyName(propertyName);
            ProtoStructJson.WriteNumber(writer, value);
        }
    }

    /// <summary>An optional enum field as its OpenAI literal.</summary>
    public static void WriteEnumIfSet(this Utf8JsonWriter writer, EnumLiteralTable literals, ReadOnlySpan<byte> propertyName, bool isSet, int number)
    {
        if (isSet)
        {
            literals.Write(writer, propertyName, number);
        }
    }

    /// <summary>A message field, by <paramref name="write"/> (which writes its key too), only when present.</summary>
    public static void WriteIfPresent<T>(this Utf8JsonWriter writer, T? message, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (message is not null)
        {
            write(writer, message);
        }
    }

    /// <summary>A message field as a nested object, its keys written by <paramref name="writeFields"/>, only when present.</summary>
    public static void WriteObjectIfPresent<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, T? message, Action<Utf8JsonWriter, T> writeFields)
        where T : class
    {
        if (message is not null)
        {
            writer.WriteStartObject(propertyName);
            writeFields(writer, message);
            writer.WriteEndObject();
        }
    }

    /// <summary>A key that is always there, null when the field is not set.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, bool isSet, string value)
    {
        if (isSet)
        {
            writer.WriteString(propertyName, value);
        }
        else
        {
            writer.WriteNull(propertyName);
        }
    }
}
