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
    public static void WriteAudio(Utf8JsonWriter writer, AudioOutputOptions audio)
    {
        writer.WriteStartObject("audio"u8);
        EnumLiteralTables.AudioFormat.Write(writer, "format"u8, (int)audio.Format);
        writer.WriteStringIfSet("voice"u8, audio.HasVoice, audio.Voice);

        writer.WriteEndObject();
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
        switch (format.TypeCase)
        {
            case ResponseFormat.TypeOneofCase.Text:
                WriteTypeOnly(writer, "text"u8);
                break;
            case ResponseFormat.TypeOneofCase.JsonObject:
                WriteTypeOnly(writer, "json_object"u8);
                break;
            case ResponseFormat.TypeOneofCase.JsonSchema:
                var schema = format.JsonSchema;
                writer.WriteStartObject();
                writer.WriteString("type"u8, "json_schema"u8);
                writer.WriteStartObject("json_schema"u8);
                writer.WriteString("name"u8, schema.Name);
                writer.WriteStringIfSet("description"u8, schema.HasDescription, schema.Description);

                if (schema.Schema is { } body)
                {
                    writer.WritePropertyName("schema"u8);
                    ProtoStructJson.WriteStruct(writer, body);
                }

                writer.WriteBooleanIfSet("strict"u8, schema.HasStrict, schema.Strict);

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    public static void WriteStreamOptions(Utf8JsonWriter writer, StreamOptions options)
    {
        writer.WriteStartObject("stream_options"u8);
        writer.WriteBooleanIfSet("include_usage"u8, options.HasIncludeUsage, options.IncludeUsage);
        writer.WriteBooleanIfSet("include_obfuscation"u8, options.HasIncludeObfuscation, options.IncludeObfuscation);

        writer.WriteEndObject();
    }

    public static void WriteWebSearchOptions(Utf8JsonWriter writer, WebSearchOptions options)
    {
        writer.WriteStartObject("web_search_options"u8);
        if (options.HasSearchContextSize)
        {
            EnumLiteralTables.SearchContextSize.Write(writer, "search_context_size"u8, (int)options.SearchContextSize);
        }

        if (options.UserLocation is { } location)
        {
            writer.WritePropertyName("user_location"u8);
            if (location.Approximate is { } approximate)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "approximate"u8);
                writer.WriteStartObject("approximate"u8);
                writer.WriteStringIfSet("city"u8, approximate.HasCity, approximate.City);
                writer.WriteStringIfSet("country"u8, approximate.HasCountry, approximate.Country);
                writer.WriteStringIfSet("region"u8, approximate.HasRegion, approximate.Region);
                writer.WriteStringIfSet("timezone"u8, approximate.HasTimezone, approximate.Timezone);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTypeOnly(Utf8JsonWriter writer, ReadOnlySpan<byte> type)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteEndObject();
    }
}
