using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The request's nested option objects as OpenAI's JSON: <c>audio</c>, <c>prediction</c>,
/// <c>response_format</c>, <c>stream_options</c> and <c>web_search_options</c>.
/// </summary>
internal static class RequestOptionJson
{
    public static void WriteAudioFields(Utf8JsonWriter writer, AudioOutputOptions audio)
    {
        EnumLiteralTables.AudioFormat.Write(writer, "format"u8, (int)audio.Format);
        writer.WriteStringIfSet("voice"u8, audio.HasVoice, audio.Voice);
    }

    public static void WritePrediction(Utf8JsonWriter writer, Prediction prediction)
    {
        writer.WritePropertyName("prediction"u8);
        if (prediction.TypeCase != Prediction.TypeOneofCase.Content)
        {
            writer.WriteNullValue();
            return;
        }

        // The payload of type "content" is the content itself, a string or text parts, under the same key.
        writer.WriteStartObject();
        writer.WriteString("type"u8, "content"u8);
        ChatMessageJson.WriteTextContent(writer, prediction.Content);
        writer.WriteEndObject();
    }

    public static void WriteResponseFormat(Utf8JsonWriter writer, ResponseFormat format)
    {
        writer.WritePropertyName("response_format"u8);
        if (format.JsonObject is not null)
        {
            writer.WriteTypeOnly("json_object"u8);
        }
        else
        {
            WriteFormat(writer, format.Text is not null, "json_schema"u8, format.JsonSchema, WriteJsonSchemaFields);
        }
    }

    /// <summary>
    /// A format as a response format and a custom tool give it: plain text as <c>{"type": "text"}</c>, or the
    /// structured format (a JSON schema, a grammar) as a tagged object; null when the oneof has neither.
    /// </summary>
    public static void WriteFormat<T>(Utf8JsonWriter writer, bool isText, ReadOnlySpan<byte> structuredType, T? structured, Action<Utf8JsonWriter, T> writeStructuredFields)
        where T : class
    {
        if (isText)
        {
            writer.WriteTypeOnly("text"u8);
        }
        else
        {
            writer.WriteTaggedOrNull(structuredType, structured, writeStructuredFields);
        }
    }

    public static void WriteStreamOptionsFields(Utf8JsonWriter writer, StreamOptions options)
    {
        writer.WriteBooleanIfSet("include_usage"u8, options.HasIncludeUsage, options.IncludeUsage);
        writer.WriteBooleanIfSet("include_obfuscation"u8, options.HasIncludeObfuscation, options.IncludeObfuscation);
    }

    public static void WriteWebSearchOptionsFields(Utf8JsonWriter writer, WebSearchOptions options)
    {
        writer.WriteEnumIfSet(EnumLiteralTables.SearchContextSize, "search_context_size"u8, options.HasSearchContextSize, (int)options.SearchContextSize);
        if (options.UserLocation is { } location)
        {
            writer.WritePropertyName("user_location"u8);
            writer.WriteTaggedOrNull("approximate"u8, location.Approximate, WriteApproximateLocationFields);
        }
    }

    private static void WriteJsonSchemaFields(Utf8JsonWriter writer, JsonSchemaFormat schema)
    {
        SchemaDefinitionJson.WriteFields(writer, schema.Name, schema.HasDescription, schema.Description, "schema"u8, schema.Schema, schema.HasStrict, schema.Strict);
    }

    private static void WriteApproximateLocationFields(Utf8JsonWriter writer, ApproximateLocation approximate)
    {
        writer.WriteStringIfSet("city"u8, approximate.HasCity, approximate.City);
        writer.WriteStringIfSet("country"u8, approximate.HasCountry, approximate.Country);
        writer.WriteStringIfSet("region"u8, approximate.HasRegion, approximate.Region);
        writer.WriteStringIfSet("timezone"u8, approximate.HasTimezone, approximate.Timezone);
    }
}
