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
        var name = reader.GetString()!;
        reader.Read();
        extras ??= new Struct();
        extras.Fields[name] = ReadValue(ref reader);
        return extras;
    }

    // Recursion is bounded by the reader's maximum depth.
    private static Value ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var fields = new Struct();
                while (JsonValues.NextProperty(ref reader))
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    fields.Fields[name] = ReadValue(ref reader);
                }

                return Value.ForStruct(fields);
            case JsonTokenType.StartArray:
                var list = new ListValue();
                while (JsonValues.NextItem(ref reader))
                {
                    list.Values.Add(ReadValue(ref reader));
                }

                return new Value { ListValue = list };
            case JsonTokenType.String:
                return Value.ForString(reader.GetString()!);
            case JsonTokenType.Number:
                return Value.ForNumber(reader.GetDouble());
            case JsonTokenType.True:
                return Value.ForBool(true);
            case JsonTokenType.False:
                return Value.ForBool(false);
            default:
                return Value.ForNull();
        }
    }
}
