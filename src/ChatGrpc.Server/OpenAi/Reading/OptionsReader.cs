using System.Text.Json;
using Buf.Validate;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The request's option objects and lists; each reads the value at the current location (the field).</summary>
/// <remarks>A reader is declared after those it uses, as static fields are initialised in order.</remarks>
internal static class OptionsReader
{
    // Which modalities exist is the proto's rule to check; only a non-string item is the reader's to report,
    // and Pydantic reports it as a literal_error listing the literals that rule allows.
    private static readonly string[] ModalityLiterals =
    [
        .. CreateChatCompletionRequest.Descriptor.FindFieldByNumber(CreateChatCompletionRequest.ModalitiesFieldNumber)
            .GetOptions().GetExtension(ValidateExtensions.Field).Repeated.Items.String.In,
    ];

    public static readonly ObjectReader<AudioOutputOptions> Audio = new ObjectReader<AudioOutputOptions>(static () => new())
        .Literal("format", Presence.Required, EnumLiteralTables.AudioFormat, static (audio, format) => audio.Format = (AudioFormat)format)
        .String("voice", Presence.Required, static (audio, voice) => audio.Voice = voice);

    /// <summary><c>{"type": "content", "content": string or text parts}</c>: a plain model whose <c>type</c> is a one-value literal.</summary>
    public static readonly ObjectReader<Prediction> Prediction = new ObjectReader<Prediction>(static () => new())
        .Literal("type", UnionTags.Prediction)
        .Object("content", Presence.Required, ContentReader.Text.Read, static (prediction, content) => prediction.Content = content, essential: true);

    public static readonly ObjectReader<StreamOptions> StreamOptions = new ObjectReader<StreamOptions>(static () => new())
        .Bool("include_usage", Presence.Omittable, static (options, flag) => options.IncludeUsage = flag)
        .Bool("include_obfuscation", Presence.Omittable, static (options, flag) => options.IncludeObfuscation = flag);

    private static readonly ObjectReader<JsonSchemaFormat> JsonSchema = ToolReader.NamedSchema<JsonSchemaFormat>(
        static () => new(), "schema",
        static (format, name) => format.Name = name,
        static (format, description) => format.Description = description,
        static (format, schema) => format.Schema = schema,
        static (format, strict) => format.Strict = strict);

    /// <summary><c>{"type": "text"}</c>, <c>{"type": "json_object"}</c> or <c>{"type": "json_schema", "json_schema": {...}}</c>.</summary>
    public static readonly UnionReader<ResponseFormat> ResponseFormat = new UnionReader<ResponseFormat>(UnionTags.ResponseFormat, static () => new())
        .Variant(V1.ResponseFormat.TextFieldNumber, static () => new ResponseFormat { Text = new ResponseFormatText() })
        .Variant(V1.ResponseFormat.JsonObjectFieldNumber, static () => new ResponseFormat { JsonObject = new ResponseFormatJsonObject() })
        .Payload(V1.ResponseFormat.JsonSchemaFieldNumber, JsonSchema.Read, static (format, schema) => format.JsonSchema = schema);

    private static readonly ObjectReader<ApproximateLocation> ApproximateLocation = new ObjectReader<ApproximateLocation>(static () => new())
        .String("city", Presence.Omittable, static (location, city) => location.City = city)
        .String("country", Presence.Omittable, static (location, country) => location.Country = country)
        .String("region", Presence.Omittable, static (location, region) => location.Region = region)
        .String("timezone", Presence.Omittable, static (location, timezone) => location.Timezone = timezone);

    /// <summary><c>{"type": "approximate", "approximate": {"city", "country", "region", "timezone"}}</c>: a plain model whose <c>type</c> is a one-value literal.</summary>
    private static readonly ObjectReader<UserLocation> UserLocation = new ObjectReader<UserLocation>(static () => new())
        .Literal("type", UnionTags.UserLocation)
        .Object("approximate", Presence.Required, ApproximateLocation.Read, static (location, approximate) => location.Approximate = approximate, essential: true);

    public static readonly ObjectReader<WebSearchOptions> WebSearchOptions = new ObjectReader<WebSearchOptions>(static () => new())
        .Literal("search_context_size", Presence.Omittable, EnumLiteralTables.SearchContextSize, static (options, size) => options.SearchContextSize = (SearchContextSize)size)
        .Object("user_location", Presence.Optional, UserLocation.Read, static (options, location) => options.UserLocation = location);

    /// <summary>An item of modalities: any string, which the proto's rule then judges.</summary>
    public static string? ReadModality(JsonElement item, JsonReadContext context)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return JsonText.GetString(item);
        }

        context.Report(PydanticErrors.LiteralError(context.Location(), item, ModalityLiterals));
        return null;
    }

    /// <summary>A string is a list of one.</summary>
    public static void ReadStop(JsonElement value, JsonReadContext context, RepeatedField<string> target)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            target.Add(JsonText.GetString(value));
            return;
        }

        JsonLists.TryReadListMember(value, context, JsonShapes.StopListMember, target, static (item, itemContext) => LaxScalars.TryReadString(item, itemContext, null, out var text) ? text : null, placeholder: "");
    }
}
