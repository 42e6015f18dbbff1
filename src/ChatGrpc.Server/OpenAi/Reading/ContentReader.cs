using System.Diagnostics;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Message content: a string, or a list of parts discriminated by <c>type</c>. Each method reads the value
/// at the current location (the content field) and returns null when it has problems.
/// </summary>
internal static class ContentReader
{
    // The names Pydantic gives the list members in locations, looked up once.
    private static readonly string TextPartList = JsonShapes.ListMemberOf(TextContent.Descriptor);
    private static readonly string UserPartList = JsonShapes.ListMemberOf(UserContent.Descriptor);
    private static readonly string AssistantPartList = JsonShapes.ListMemberOf(AssistantContent.Descriptor);

    private static readonly KnownKeys TextPartKeys = new("type", "text");
    private static readonly KnownKeys ImageUrlPartKeys = new("type", "image_url");
    private static readonly KnownKeys InputAudioPartKeys = new("type", "input_audio");
    private static readonly KnownKeys FilePartKeys = new("type", "file");
    private static readonly KnownKeys RefusalPartKeys = new("type", "refusal");
    private static readonly KnownKeys ImageUrlKeys = new("url", "detail");
    private static readonly KnownKeys InputAudioKeys = new("data", "format");
    private static readonly KnownKeys FileKeys = new("file_data", "file_id", "filename");

    /// <summary>Developer, system and tool content, and prediction content: a string or text parts.</summary>
    public static TextContent? ReadText(JsonElement value, JsonReadContext context)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return new TextContent { Text = JsonText.GetString(value) };
        }

        var parts = new TextContentParts();
        return TryReadPartList(value, context, TextPartList, parts.Parts, ReadTextPart, Placeholders.TextPart) ? new TextContent { Parts = parts } : null;
    }

    public static UserContent? ReadUser(JsonElement value, JsonReadContext context)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return new UserContent { Text = JsonText.GetString(value) };
        }

        var parts = new UserContentParts();
        return TryReadPartList(value, context, UserPartList, parts.Parts, ReadUserPart, Placeholders.UserPart) ? new UserContent { Parts = parts } : null;
    }

    /// <summary>Assistant content; the caller leaves it unset for null.</summary>
    public static AssistantContent? ReadAssistant(JsonElement value, JsonReadContext context)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return new AssistantContent { Text = JsonText.GetString(value) };
        }

        var parts = new AssistantContentParts();
        return TryReadPartList(value, context, AssistantPartList, parts.Parts, ReadAssistantPart, Placeholders.AssistantPart) ? new AssistantContent { Parts = parts } : null;
    }

    /// <summary>
    /// The list member of a string-or-list union, for a value that is not a string. When the list has
    /// problems, the string member's <c>string_type</c> is reported ahead of them, as Pydantic lists every
    /// member of a union that matched none.
    /// </summary>
    private static bool TryReadPartList<T>(JsonElement value, JsonReadContext context, string memberName, RepeatedField<T> parts, Func<JsonElement, JsonReadContext, T?> readPart, T placeholder)
        where T : class
    {
        var problemCount = context.ProblemCount;
        using (context.Enter(memberName))
        {
            JsonLists.Read(value, context, parts, readPart, placeholder);
        }

        if (context.ProblemCount == problemCount)
        {
            return true;
        }

        context.ReportBefore(problemCount, PydanticErrors.StringType(context.Location(JsonShapes.StringMember), value));
        return false;
    }

    private static TextContentPart? ReadTextPart(JsonElement part, JsonReadContext context)
    {
        if (!context.RequireObject(part))
        {
            return null;
        }

        var fields = PartFields.Collect(part);
        if (!UnionTags.TextPart.TryMatch(part, fields.Type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            context.ReportUnknownKeys(part, TextPartKeys);
            return LaxScalars.TryReadRequiredString(fields.Text, part, context, "text", out var text) ? new TextContentPart { Text = text } : null;
        }
    }

    private static UserContentPart? ReadUserPart(JsonElement part, JsonReadContext context)
    {
        if (!context.RequireObject(part))
        {
            return null;
        }

        var fields = PartFields.Collect(part);
        if (!UnionTags.UserPart.TryMatch(part, fields.Type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var type = (UserContentPart.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(part, type switch
            {
                UserContentPart.TypeOneofCase.ImageUrl => ImageUrlPartKeys,
                UserContentPart.TypeOneofCase.InputAudio => InputAudioPartKeys,
                UserContentPart.TypeOneofCase.File => FilePartKeys,
                _ => TextPartKeys,
            });
            switch (type)
            {
                case UserContentPart.TypeOneofCase.Text:
                    return LaxScalars.TryReadRequiredString(fields.Text, part, context, "text", out var text) ? new UserContentPart { Text = text } : null;
                case UserContentPart.TypeOneofCase.ImageUrl when context.RequireKey(fields.ImageUrl, part, "image_url"):
                    using (context.Enter("image_url"))
                    {
                        return ReadImageUrl(fields.ImageUrl, context) is { } imageUrl ? new UserContentPart { ImageUrl = imageUrl } : null;
                    }

                case UserContentPart.TypeOneofCase.InputAudio when context.RequireKey(fields.InputAudio, part, "input_audio"):
                    using (context.Enter("input_audio"))
                    {
                        return ReadInputAudio(fields.InputAudio, context) is { } inputAudio ? new UserContentPart { InputAudio = inputAudio } : null;
                    }

                case UserContentPart.TypeOneofCase.File when context.RequireKey(fields.File, part, "file"):
                    using (context.Enter("file"))
                    {
                        return ReadFile(fields.File, context) is { } file ? new UserContentPart { File = file } : null;
                    }

                default:
                    return null;
            }
        }
    }

    private static AssistantContentPart? ReadAssistantPart(JsonElement part, JsonReadContext context)
    {
        if (!context.RequireObject(part))
        {
            return null;
        }

        var fields = PartFields.Collect(part);
        if (!UnionTags.AssistantPart.TryMatch(part, fields.Type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var type = (AssistantContentPart.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(part, type == AssistantContentPart.TypeOneofCase.Refusal ? RefusalPartKeys : TextPartKeys);
            switch (type)
            {
                case AssistantContentPart.TypeOneofCase.Text:
                    return LaxScalars.TryReadRequiredString(fields.Text, part, context, "text", out var text) ? new AssistantContentPart { Text = text } : null;
                case AssistantContentPart.TypeOneofCase.Refusal:
                    return LaxScalars.TryReadRequiredString(fields.Refusal, part, context, "refusal", out var refusal) ? new AssistantContentPart { Refusal = refusal } : null;
                default:
                    throw new UnreachableException();
            }
        }
    }

    private static ImageUrl? ReadImageUrl(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "url"u8, out var url, "detail"u8, out var detail);
        context.ReportUnknownKeys(value, ImageUrlKeys);
        var imageUrl = new ImageUrl();
        if (LaxScalars.TryReadRequiredString(url, value, context, "url", out var text))
        {
            imageUrl.Url = text;
        }

        if (EnumLiteralTables.ImageDetail.TryReadOmittable(detail, context, "detail", out var number))
        {
            imageUrl.Detail = (ImageDetail)number;
        }

        return imageUrl;
    }

    private static InputAudio? ReadInputAudio(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "data"u8, out var data, "format"u8, out var format);
        context.ReportUnknownKeys(value, InputAudioKeys);
        var inputAudio = new InputAudio();
        if (LaxScalars.TryReadRequiredString(data, value, context, "data", out var text))
        {
            inputAudio.Data = text;
        }

        if (EnumLiteralTables.InputAudioFormat.TryReadRequired(format, value, context, "format", out var number))
        {
            inputAudio.Format = (InputAudioFormat)number;
        }

        return inputAudio;
    }

    private static FileInput? ReadFile(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "file_data"u8, out var fileData, "file_id"u8, out var fileId, "filename"u8, out var filename);
        context.ReportUnknownKeys(value, FileKeys);
        var file = new FileInput();
        if (LaxScalars.TryReadOmittableString(fileData, context, "file_data", out var text))
        {
            file.FileData = text;
        }

        if (LaxScalars.TryReadOmittableString(fileId, context, "file_id", out text))
        {
            file.FileId = text;
        }

        if (LaxScalars.TryReadOmittableString(filename, context, "filename", out text))
        {
            file.Filename = text;
        }

        return file;
    }

    /// <summary>The keys of a content part, the last of each repeated key winning as in Python's json.</summary>
    private struct PartFields
    {
        public JsonElement Type;
        public JsonElement Text;
        public JsonElement ImageUrl;
        public JsonElement InputAudio;
        public JsonElement File;
        public JsonElement Refusal;

        public static PartFields Collect(JsonElement part)
        {
            var fields = default(PartFields);
            foreach (var property in part.EnumerateObject())
            {
                var name = JsonText.GetUtf8Name(property);
                if (name.SequenceEqual("type"u8))
                {
                    fields.Type = property.Value;
                }
                else if (name.SequenceEqual("text"u8))
                {
                    fields.Text = property.Value;
                }
                else if (name.SequenceEqual("image_url"u8))
                {
                    fields.ImageUrl = property.Value;
                }
                else if (name.SequenceEqual("input_audio"u8))
                {
                    fields.InputAudio = property.Value;
                }
                else if (name.SequenceEqual("file"u8))
                {
                    fields.File = property.Value;
                }
                else if (name.SequenceEqual("refusal"u8))
                {
                    fields.Refusal = property.Value;
                }
            }

            return fields;
        }
    }
}
