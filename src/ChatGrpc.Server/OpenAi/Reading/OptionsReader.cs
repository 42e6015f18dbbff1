using System.Text.Json;
using Buf.Validate;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The request's option objects and lists; each method reads the value at the current location (the field).</summary>
internal static class OptionsReader
{
    // Which modalities exist is the proto's rule to check; only a non-string item is the reader's to report,
    // and Pydantic reports it as a literal_error listing the literals that rule allows.
    private static readonly string[] ModalityLiterals =
    [
        .. CreateChatCompletionRequest.Descriptor.FindFieldByNumber(CreateChatCompletionRequest.ModalitiesFieldNumber)
            .GetOptions().GetExtension(ValidateExtensions.Field).Repeated.Items.String.In,
    ];

    private static readonly KnownKeys AudioKeys = new("format", "voice");
    private static readonly KnownKeys PredictionKeys = new("type", "content");
    private static readonly KnownKeys PlainResponseFormatKeys = new("type");
    private static readonly KnownKeys JsonSchemaResponseFormatKeys = new("type", "json_schema");
    private static readonly KnownKeys StreamOptionsKeys = new("include_usage", "include_obfuscation");
    private static readonly KnownKeys WebSearchOptionsKeys = new("search_context_size", "user_location");
    private static readonly KnownKeys JsonSchemaKeys = new("name", "description", "schema", "strict");
    private static readonly KnownKeys UserLocationKeys = new("type", "approximate");
    private static readonly KnownKeys ApproximateLocationKeys = new("city", "country", "region", "timezone");

    public static AudioOutputOptions? ReadAudio(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "format"u8, out var format, "voice"u8, out var voice);
        context.ReportUnknownKeys(value, AudioKeys);
        var audio = new AudioOutputOptions();
        if (EnumLiteralTables.AudioFormat.TryReadRequired(format, value, context, "format", out var number))
        {
            audio.Format = (AudioFormat)number;
        }

        if (LaxScalars.TryReadRequiredString(voice, value, context, "voice", out var text))
        {
            audio.Voice = text;
        }

        return audio;
    }

    public static void ReadModalities(JsonElement value, JsonReadContext context, RepeatedField<string> target) =>
        JsonLists.Read(value, context, target, static (item, itemContext) =>
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                return JsonText.GetString(item);
            }

            itemContext.Report(PydanticErrors.LiteralError(itemContext.Location(), item, ModalityLiterals));
            return null;
        }, placeholder: "");

    /// <summary><c>{"type": "content", "content": string or text parts}</c>: a plain model whose <c>type</c> is a one-value literal.</summary>
    public static Prediction? ReadPrediction(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "content"u8, out var content);
        context.ReportUnknownKeys(value, PredictionKeys);
        var typed = TryReadSingleType(type, value, context, UnionTags.Prediction);
        if (!context.RequireKey(content, value, "content"))
        {
            return null;
        }

        using (context.Enter("content"))
        {
            return ContentReader.ReadText(content, context) is { } text && typed ? new Prediction { Content = text } : null;
        }
    }

    /// <summary><c>{"type": "text"}</c>, <c>{"type": "json_object"}</c> or <c>{"type": "json_schema", "json_schema": {...}}</c>.</summary>
    public static ResponseFormat? ReadResponseFormat(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "json_schema"u8, out var jsonSchema);
        if (!UnionTags.ResponseFormat.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var kind = (ResponseFormat.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(value, kind == ResponseFormat.TypeOneofCase.JsonSchema ? JsonSchemaResponseFormatKeys : PlainResponseFormatKeys);
            switch (kind)
            {
                case ResponseFormat.TypeOneofCase.Text:
                    return new ResponseFormat { Text = new ResponseFormatText() };
                case ResponseFormat.TypeOneofCase.JsonObject:
                    return new ResponseFormat { JsonObject = new ResponseFormatJsonObject() };
                case ResponseFormat.TypeOneofCase.JsonSchema when context.RequireKey(jsonSchema, value, "json_schema"):
                    using (context.Enter("json_schema"))
                    {
                        return ReadJsonSchema(jsonSchema, context) is { } format ? new ResponseFormat { JsonSchema = format } : null;
                    }

                default:
                    return null;
            }
        }
    }

    /// <summary>A string is a list of one.</summary>
    public static void ReadStop(JsonElement value, JsonReadContext context, RepeatedField<string> target)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            target.Add(JsonText.GetString(value));
            return;
        }

        var problemCount = context.ProblemCount;
        using (context.Enter(JsonShapes.StopListMember))
        {
            JsonLists.Read(value, context, target, static (item, itemContext) => LaxScalars.TryReadString(item, itemContext, null, out var text) ? text : null, placeholder: "");
        }

        if (context.ProblemCount > problemCount)
        {
            context.ReportBefore(problemCount, PydanticErrors.StringType(context.Location(JsonShapes.StringMember), value));
        }
    }

    public static StreamOptions? ReadStreamOptions(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "include_usage"u8, out var includeUsage, "include_obfuscation"u8, out var includeObfuscation);
        context.ReportUnknownKeys(value, StreamOptionsKeys);
        var options = new StreamOptions();
        if (LaxScalars.TryReadOmittableBool(includeUsage, context, "include_usage", out var flag))
        {
            options.IncludeUsage = flag;
        }

        if (LaxScalars.TryReadOmittableBool(includeObfuscation, context, "include_obfuscation", out flag))
        {
            options.IncludeObfuscation = flag;
        }

        return options;
    }

    public static WebSearchOptions? ReadWebSearchOptions(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "search_context_size"u8, out var searchContextSize, "user_location"u8, out var userLocation);
        context.ReportUnknownKeys(value, WebSearchOptionsKeys);
        var options = new WebSearchOptions();
        if (EnumLiteralTables.SearchContextSize.TryReadOmittable(searchContextSize, context, "search_context_size", out var number))
        {
            options.SearchContextSize = (SearchContextSize)number;
        }

        if (Presence.IsSet(userLocation))
        {
            using (context.Enter("user_location"))
            {
                options.UserLocation = ReadUserLocation(userLocation, context);
            }
        }

        return options;
    }

    private static JsonSchemaFormat? ReadJsonSchema(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "name"u8, out var name, "description"u8, out var description, "schema"u8, out var schema, "strict"u8, out var strict);
        context.ReportUnknownKeys(value, JsonSchemaKeys);
        var format = new JsonSchemaFormat();
        if (LaxScalars.TryReadRequiredString(name, value, context, "name", out var text))
        {
            format.Name = text;
        }

        if (LaxScalars.TryReadOmittableString(description, context, "description", out text))
        {
            format.Description = text;
        }

        if (StructReader.TryReadOmittable(schema, context, "schema", out var structure))
        {
            format.Schema = structure;
        }

        if (LaxScalars.TryReadOptionalBool(strict, context, "strict", out var isStrict))
        {
            format.Strict = isStrict;
        }

        return format;
    }

    /// <summary><c>{"type": "approximate", "approximate": {"city", "country", "region", "timezone"}}</c>: a plain model whose <c>type</c> is a one-value literal.</summary>
    private static UserLocation? ReadUserLocation(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "approximate"u8, out var approximate);
        context.ReportUnknownKeys(value, UserLocationKeys);
        var typed = TryReadSingleType(type, value, context, UnionTags.UserLocation);
        if (!context.RequireKey(approximate, value, "approximate"))
        {
            return null;
        }

        using (context.Enter("approximate"))
        {
            return ReadApproximateLocation(approximate, context) is { } location && typed ? new UserLocation { Approximate = location } : null;
        }
    }

    /// <summary>The <c>type</c> of an object that has one: a required literal, reported as <c>literal_error</c> like any other.</summary>
    private static bool TryReadSingleType(JsonElement type, JsonElement owner, JsonReadContext context, TagTable tags)
    {
        if (!context.RequireKey(type, owner, "type"))
        {
            return false;
        }

        if (tags.TryMatch(type, out _))
        {
            return true;
        }

        context.Report(PydanticErrors.LiteralError(context.Location("type"), type, tags.Names));
        return false;
    }

    private static ApproximateLocation? ReadApproximateLocation(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "city"u8, out var city, "country"u8, out var country, "region"u8, out var region, "timezone"u8, out var timezone);
        context.ReportUnknownKeys(value, ApproximateLocationKeys);
        var location = new ApproximateLocation();
        if (LaxScalars.TryReadOmittableString(city, context, "city", out var text))
        {
            location.City = text;
        }

        if (LaxScalars.TryReadOmittableString(country, context, "country", out text))
        {
            location.Country = text;
        }

        if (LaxScalars.TryReadOmittableString(region, context, "region", out text))
        {
            location.Region = text;
        }

        if (LaxScalars.TryReadOmittableString(timezone, context, "timezone", out text))
        {
            location.Timezone = text;
        }

        return location;
    }
}
