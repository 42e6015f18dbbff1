using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Keeps the keys of an upstream's answer that the proto does not name (Azure's <c>prompt_filter_results</c>,
/// citations, a provider's extras) as a <see cref="Struct"/>, so that they reach callers instead of vanishing.
/// Their size is bounded by the answer's own limit (<c>OpenAiCompatibleProvider.MaxAnswerBytes</c>, or one event).
/// </summary>
internal static class ExtraFieldsReader
{
    /// <summary>
    /// Reads the key the reader stands on, and its value, into <paramref name="extras"/>, made on first use (most
    /// objects have no unknown keys), and returns it to be set on the message.
    /// </summary>
    public static Struct Add(ref Utf8JsonReader reader, Struct? extras)
    {
        extras ??= new Struct();
        AddField(ref reader, extras);
        return extras;
    }

    private static void AddField(ref Utf8JsonReader reader, Struct fields)
    {
        // Assigning keeps the first position and the last value of a repeated key, as a Python dict does.
        var name = reader.GetString()!;
        reader.Read();
        fields.Fields[name] = ReadValue(ref reader);
    }

    // Recursion is bounded by the reader's maximum depth.
    private static Value ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => Value.ForStruct(ReadStruct(ref reader)),
        JsonTokenType.StartArray => new Value { ListValue = ReadList(ref reader) },
        JsonTokenType.String => Value.ForString(reader.GetString()!),
        JsonTokenType.Number => Value.ForNumber(reader.GetDouble()),
        JsonTokenType.True or JsonTokenType.False => Value.ForBool(reader.GetBoolean()),
        _ => Value.ForNull(),
    };

    private static Struct ReadStruct(ref Utf8JsonReader reader)
    {
        var fields = new Struct();
        while (JsonValues.NextProperty(ref reader))
        {
            AddField(ref reader, fields);
        }

        return fields;
    }

    private static ListValue ReadList(ref Utf8JsonReader reader)
    {
        var list = new ListValue();
        while (JsonValues.NextItem(ref reader))
        {
            list.Values.Add(ReadValue(ref reader));
        }

        return list;
    }
}
