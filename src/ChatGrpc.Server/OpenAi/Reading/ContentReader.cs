using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Message content: a string, or a list of parts discriminated by <c>type</c>. Each reader reads the value
/// at the current location (the content field) and gives null when it has problems.
/// </summary>
/// <remarks>A reader is declared after those it uses, as static fields are initialised in order.</remarks>
internal static class ContentReader
{
    private static readonly ObjectReader<ImageUrl> ImageUrl = new ObjectReader<ImageUrl>(static () => new())
        .String("url", Presence.Required, static (image, url) => image.Url = url)
        .Literal("detail", Presence.Omittable, EnumLiteralTables.ImageDetail, static (image, detail) => image.Detail = (ImageDetail)detail);

    private static readonly ObjectReader<InputAudio> InputAudio = new ObjectReader<InputAudio>(static () => new())
        .String("data", Presence.Required, static (audio, data) => audio.Data = data)
        .Literal("format", Presence.Required, EnumLiteralTables.InputAudioFormat, static (audio, format) => audio.Format = (InputAudioFormat)format);

    private static readonly ObjectReader<FileInput> File = new ObjectReader<FileInput>(static () => new())
        .String("file_data", Presence.Omittable, static (file, data) => file.FileData = data)
        .String("file_id", Presence.Omittable, static (file, id) => file.FileId = id)
        .String("filename", Presence.Omittable, static (file, name) => file.Filename = name);

    private static readonly UnionReader<TextContentPart> TextPart = new UnionReader<TextContentPart>(UnionTags.TextPart, static () => new())
        .TextPayload(TextContentPart.TextFieldNumber, static (part, text) => part.Text = text);

    private static readonly UnionReader<UserContentPart> UserPart = new UnionReader<UserContentPart>(UnionTags.UserPart, static () => new())
        .TextPayload(UserContentPart.TextFieldNumber, static (part, text) => part.Text = text)
        .Payload(UserContentPart.ImageUrlFieldNumber, ImageUrl.Read, static (part, image) => part.ImageUrl = image)
        .Payload(UserContentPart.InputAudioFieldNumber, InputAudio.Read, static (part, audio) => part.InputAudio = audio)
        .Payload(UserContentPart.FileFieldNumber, File.Read, static (part, file) => part.File = file);

    private static readonly UnionReader<AssistantContentPart> AssistantPart = new UnionReader<AssistantContentPart>(UnionTags.AssistantPart, static () => new())
        .TextPayload(AssistantContentPart.TextFieldNumber, static (part, text) => part.Text = text)
        .TextPayload(AssistantContentPart.RefusalFieldNumber, static (part, refusal) => part.Refusal = refusal);

    /// <summary>Developer, system and tool content, and prediction content: a string or text parts.</summary>
    public static readonly PartsContent<TextContent, TextContentPart> Text = new(
        TextContent.Descriptor, static text => new TextContent { Text = text }, static () => new TextContent { Parts = new TextContentParts() }, static content => content.Parts.Parts, TextPart.Read, Placeholders.TextPart);

    public static readonly PartsContent<UserContent, UserContentPart> User = new(
        UserContent.Descriptor, static text => new UserContent { Text = text }, static () => new UserContent { Parts = new UserContentParts() }, static content => content.Parts.Parts, UserPart.Read, Placeholders.UserPart);

    /// <summary>Assistant content; the caller leaves it unset for null.</summary>
    public static readonly PartsContent<AssistantContent, AssistantContentPart> Assistant = new(
        AssistantContent.Descriptor, static text => new AssistantContent { Text = text }, static () => new AssistantContent { Parts = new AssistantContentParts() }, static content => content.Parts.Parts, AssistantPart.Read, Placeholders.AssistantPart);

    /// <summary>
    /// One kind of content: a string, or the list member of a string-or-list union, whose parts are read into the
    /// list that <paramref name="parts"/> gives of a content made by <paramref name="withParts"/>.
    /// </summary>
    /// <param name="descriptor">The content's message, which names its list member for locations.</param>
    internal sealed class PartsContent<TContent, TPart>(
        MessageDescriptor descriptor,
        Func<string, TContent> fromText,
        Func<TContent> withParts,
        Func<TContent, RepeatedField<TPart>> parts,
        Func<JsonElement, JsonReadContext, TPart?> readPart,
        TPart placeholder)
        where TContent : class
        where TPart : class
    {
        private readonly string _listMember = JsonShapes.ListMemberOf(descriptor);

        public TContent? Read(JsonElement value, JsonReadContext context)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return fromText(JsonText.GetString(value));
            }

            var content = withParts();
            return JsonLists.TryReadListMember(value, context, _listMember, parts(content), readPart, placeholder) ? content : null;
        }
    }
}
