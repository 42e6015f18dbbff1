using System.Collections.Frozen;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// Where OpenAI's JSON and the proto differ in shape, and the names Pydantic gives the members of a
/// union in a problem's location (<c>["content", "str"]</c>, <c>["content", "list[...]", 0, ...]</c>).
/// The reader, the validator and the problem order all read the shapes from here.
/// </summary>
public static class JsonShapes
{
    /// <summary>The member of a string union that takes a JSON string.</summary>
    public const string StringMember = "str";

    /// <summary>The member of a string-or-object union that takes a JSON object.</summary>
    public const string ObjectMember = "dict";

    /// <summary>The list member of <c>stop</c>.</summary>
    public const string StopListMember = "list[str]";

    /// <summary>The location segment of a map key's own problem: <c>["metadata", "k", "[key]"]</c>.</summary>
    public const string MapKeySegment = "[key]";

    // Named as the official SDK names the part types, as Pydantic would put them in a location.
    private static readonly FrozenDictionary<string, string> ListMembers = new Dictionary<string, string>
    {
        [TextContent.Descriptor.FullName] = "list[ChatCompletionContentPartTextParam]",
        [UserContent.Descriptor.FullName] = "list[ChatCompletionContentPartParam]",
        [AssistantContent.Descriptor.FullName] = "list[ChatCompletionAssistantContentPartParam]",
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

        return message.Oneofs.Any(static oneof => !oneof.IsSynthetic && oneof.Name == "type") ? MessageShape.TypeUnion : MessageShape.PlainObject;
    }

    /// <summary>The list member's name of a <see cref="MessageShape.StringOrList"/> message.</summary>
    public static string ListMemberOf(MessageDescriptor message) => ListMembers[message.FullName];

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
