using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// OpenAI's tagged objects, <c>{"type": "x", "x": payload}</c>, where the type also names the payload's key:
/// content parts, tools, tool calls, tool choices, response formats.
/// </summary>
internal static class TaggedObjectJson
{
    /// <summary><c>{"type": "x", "x": {...}}</c>, the payload object's keys written by <paramref name="writePayloadFields"/>.</summary>
    public static void WriteTagged<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> type, T payload, Action<Utf8JsonWriter, T> writePayloadFields)
    {
        writer.WriteStartObject();
        writer.WriteTypeAndPayload(type, payload, writePayloadFields);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The member of a oneof as a tagged object when it is set, null when not: a proto oneof member that is not
    /// set reads as null, and OpenAI writes an unset union as null.
    /// </summary>
    public static void WriteTaggedOrNull<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> type, T? payload, Action<Utf8JsonWriter, T> writePayloadFields)
        where T : class
    {
        if (payload is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteTagged(type, payload, writePayloadFields);
        }
    }

    /// <summary>The tag and the payload inside an object already open, for objects with keys of their own before them (a tool call's id).</summary>
    public static void WriteTypeAndPayload<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> type, T payload, Action<Utf8JsonWriter, T> writePayloadFields)
    {
        writer.WriteString("type"u8, type);
        writer.WriteStartObject(type);
        writePayloadFields(writer, payload);
        writer.WriteEndObject();
    }

    /// <summary>A part whose payload is a string: <c>{"type": "text", "text": "..."}</c>.</summary>
    public static void WriteTaggedString(this Utf8JsonWriter writer, ReadOnlySpan<byte> type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteString(type, value);
        writer.WriteEndObject();
    }

    /// <summary>A tag without a payload: <c>{"type": "text"}</c>.</summary>
    public static void WriteTypeOnly(this Utf8JsonWriter writer, ReadOnlySpan<byte> type)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteEndObject();
    }
}
