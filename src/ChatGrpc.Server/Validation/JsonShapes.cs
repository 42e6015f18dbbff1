using System.Collections.Frozen;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// Where OpenAI's JSON and the proto differ in shape, and the names Pydantic gives the members of a
/// union in a problem's location (<c>["content", "str"]</c>, <c>["content", "list[...]", 0, ...]</c>).
/// The reader, the validator and the problem order all read the shapes from here.
/// </summary>
internal static class JsonShapes
{
    /// <summary>The member of a string-or-list union that takes a JSON string.</summary>
    public const string StringMember = "str";

    /// <summary>The list member of <c>stop</c>.</summary>
    public const string StopListMember = "list[str]";

    /// <summary>The location segment of a map key's own problem: <c>["metadata", "k", "[key]"]</c>.</summary>
    public const string MapKeySegment = "[key]";

    // Pydantic v2's names for the members of the request model written with OpenAI's type names
    // (tests/pydantic/chat_request_model.py); PydanticUnionNameTests holds these to what Pydantic prints.
    private static readonly FrozenDictionary<string, string> ListMembers = new Dictionary<string, string>
    {
        [TextContent.Descriptor.FullName] = "list[tagged-union[ChatCompletionContentPartTextParam]]",
        [UserContent.Descriptor.FullName] =
            "list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",
        [AssistantContent.Descriptor.FullName] = "list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartRefusalParam]]",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, (string String, string Object)> ModeOrObjectMembers = new Dictionary<string, (string, string)>
    {
        [ToolChoice.Descriptor.FullName] = (
            "literal['none','auto','required']",
            "tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]"),
        [FunctionCallChoice.Descriptor.FullName] = ("literal['none','auto']", "ChatCompletionFunctionCallOptionParam"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, MessageShape> Shapes = new Dictionary<string, MessageShape>
    {
        [ChatMessage.Descriptor.FullName] = MessageShape.RoleUnion,
        [TextContent.Descriptor.FullName] = MessageShape.StringOrList,
        [UserContent.Descriptor.FullName] = MessageShape.StringOrList,
        [AssistantContent.Descriptor.FullName] = MessageShape.StringOrList,
        [TextContentParts.Descriptor.FullName] = MessageShape.ListWrapper,
        [UserContentParts.Descriptor.FullName] = MessageShape.ListWrapper,
        [AssistantContentParts.Descriptor.FullName] = MessageShape.ListWrapper,
        [ToolChoice.Descriptor.FullName] = MessageShape.StringOrObject,
        [FunctionCallChoice.Descriptor.FullName] = MessageShape.StringOrObject,
    }.ToFrozenDictionary();

    /// <summary>The shape of <paramref name="message"/> in OpenAI's JSON.</summary>
    public static MessageShape ShapeOf(MessageDescriptor message)
    {
        if (Shapes.TryGetValue(message.FullName, out var shape))
        {
            return shape;
        }

        // An object with a single `type` value (prediction, user_location) is a plain model in OpenAI's types: no tag in locations.
        return message.Oneofs.Any(static oneof => !oneof.IsSynthetic && oneof.Name == "type" && oneof.Fields.Count > 1) ? MessageShape.TypeUnion : MessageShape.PlainObject;
    }

    /// <summary>The list member's name of a <see cref="MessageShape.StringOrList"/> message.</summary>
    public static string ListMemberOf(MessageDescriptor message) => ListMembers[message.FullName];

    /// <summary>The literal member's name of a <see cref="MessageShape.StringOrObject"/> message.</summary>
    public static string StringMemberOf(MessageDescriptor message) => ModeOrObjectMembers[message.FullName].String;

    /// <summary>The object member's name of a <see cref="MessageShape.StringOrObject"/> message.</summary>
    public static string ObjectMemberOf(MessageDescriptor message) => ModeOrObjectMembers[message.FullName].Object;

    /// <summary>Every union member name above, by the proto message (and, for stop, field) it stands for.</summary>
    public static IEnumerable<KeyValuePair<string, string>> AllMemberNames() =>
        ListMembers.Select(static m => KeyValuePair.Create(m.Key + ".list", m.Value))
            .Concat(ModeOrObjectMembers.Select(static m => KeyValuePair.Create(m.Key + ".literal", m.Value.String)))
            .Concat(ModeOrObjectMembers.Select(static m => KeyValuePair.Create(m.Key + ".object", m.Value.Object)))
            .Append(KeyValuePair.Create("stop.str", StringMember))
            .Append(KeyValuePair.Create("stop.list", StopListMember));

    /// <summary>Whether a repeated string field also takes a single JSON string (<c>stop</c>).</summary>
    public static bool IsStringOrList(FieldDescriptor field) => field.FieldNumber == CreateChatCompletionRequest.StopFieldNumber && field.ContainingType == CreateChatCompletionRequest.Descriptor;

    /// <summary>
    /// For a <see cref="MessageShape.StringOrObject"/> message: whether its object form is discriminated by
    /// <c>type</c> (tool_choice) or is the one case's payload itself (function_call's <c>{"name"}</c>).
    /// </summary>
    public static bool ObjectMemberIsTagged(MessageDescriptor message) => ObjectCases(message).Count() > 1;

    /// <summary>The string case (an enum of literals) of a <see cref="MessageShape.StringOrObject"/> message.</summary>
    public static FieldDescriptor StringCaseOf(MessageDescriptor message) => message.Fields.InFieldNumberOrder().First(static f => f.FieldType == FieldType.Enum);

    /// <summary>The object cases of a <see cref="MessageShape.StringOrObject"/> message.</summary>
    public static IEnumerable<FieldDescriptor> ObjectCases(MessageDescriptor message) => message.Fields.InFieldNumberOrder().Where(static f => f.FieldType == FieldType.Message);
}
