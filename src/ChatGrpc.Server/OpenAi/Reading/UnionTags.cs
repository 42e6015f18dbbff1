using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The tag tables of the request's discriminated objects, built once from chat.proto.</summary>
internal static class UnionTags
{
    private const string Role = "role";
    private const string Type = "type";

    public static readonly TagTable Message = TagTable.FromOneof(Role, ChatMessage.Descriptor, "role");

    // Developer, system and tool messages and predictions take text parts only; no oneof lists that one tag.
    public static readonly TagTable TextPart = TagTable.Single(Type, "text", TextContentPart.TextFieldNumber);
    public static readonly TagTable UserPart = TagTable.FromOneof(Type, UserContentPart.Descriptor, "type");
    public static readonly TagTable AssistantPart = TagTable.FromOneof(Type, AssistantContentPart.Descriptor, "type");
    public static readonly TagTable ToolCall = TagTable.FromOneof(Type, V1.ToolCall.Descriptor, "type");
    public static readonly TagTable Tool = TagTable.FromOneof(Type, V1.Tool.Descriptor, "type");
    public static readonly TagTable CustomToolFormat = TagTable.FromOneof(Type, V1.CustomToolFormat.Descriptor, "type");
    public static readonly TagTable ToolChoice = TagTable.FromOneof(Type, V1.ToolChoice.Descriptor, "choice", excludedCase: "mode");
    public static readonly TagTable ToolReference = TagTable.FromOneof(Type, V1.ToolReference.Descriptor, "type");
    public static readonly TagTable Prediction = TagTable.FromOneof(Type, V1.Prediction.Descriptor, "type");
    public static readonly TagTable ResponseFormat = TagTable.FromOneof(Type, V1.ResponseFormat.Descriptor, "type");
    public static readonly TagTable UserLocation = TagTable.FromOneof(Type, V1.UserLocation.Descriptor, "type");
}
