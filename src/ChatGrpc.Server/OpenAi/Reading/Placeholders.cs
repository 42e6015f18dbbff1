using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// What stands in a proto list or map for an item the reader could not read (see <see cref="JsonLists.Read"/>).
/// Shared and never changed: a request with problems is only ever validated, never used.
/// </summary>
internal static class Placeholders
{
    public static readonly ChatMessage Message = new();
    public static readonly FunctionDefinition Function = new();
    public static readonly Tool Tool = new();
    public static readonly ToolCall ToolCall = new();
    public static readonly ToolReference ToolReference = new();
    public static readonly TextContentPart TextPart = new();
    public static readonly UserContentPart UserPart = new();
    public static readonly AssistantContentPart AssistantPart = new();
}
