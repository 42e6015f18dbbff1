using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Messages, discriminated by <c>role</c> with the variant's keys beside it. Problems are located under
/// the role after the message's index: <c>["messages", 0, "user", "content"]</c>.
/// </summary>
/// <remarks>A reader is declared after those it uses, as static fields are initialised in order.</remarks>
internal static class MessageReader
{
    private static readonly ObjectReader<AssistantAudioReference> AudioReference = new ObjectReader<AssistantAudioReference>(static () => new())
        .String("id", Presence.Required, static (audio, id) => audio.Id = id);

    private static readonly ObjectReader<FunctionCall> FunctionCall = new ObjectReader<FunctionCall>(static () => new())
        .String("name", Presence.Required, static (call, name) => call.Name = name)
        .String("arguments", Presence.Required, static (call, arguments) => call.Arguments = arguments);

    private static readonly ObjectReader<CustomToolCall> CustomToolCall = new ObjectReader<CustomToolCall>(static () => new())
        .String("name", Presence.Required, static (call, name) => call.Name = name)
        .String("input", Presence.Required, static (call, input) => call.Input = input);

    /// <summary>A call of a tool, discriminated by <c>type</c>, with its <c>id</c> beside the tag; made even when its payload has problems.</summary>
    private static readonly UnionReader<ToolCall> ToolCall = new UnionReader<ToolCall>(UnionTags.ToolCall, static () => new())
        .Variant(V1.ToolCall.FunctionFieldNumber, static keys => keys
            .String("id", Presence.Required, static (call, id) => call.Id = id)
            .Object("function", Presence.Required, FunctionCall.Read, static (call, function) => call.Function = function))
        .Variant(V1.ToolCall.CustomFieldNumber, static keys => keys
            .String("id", Presence.Required, static (call, id) => call.Id = id)
            .Object("custom", Presence.Required, CustomToolCall.Read, static (call, custom) => call.Custom = custom));

    /// <summary>A message; null when it is not an object or has no known role.</summary>
    public static readonly UnionReader<ChatMessage> Message = new UnionReader<ChatMessage>(UnionTags.Message, static () => new())
        .Variant(ChatMessage.DeveloperFieldNumber, static () => new DeveloperMessage(), static message => new ChatMessage { Developer = message }, static keys => keys
            .Object("content", Presence.Required, ContentReader.Text.Read, static (message, content) => message.Content = content)
            .String("name", Presence.Omittable, static (message, name) => message.Name = name))
        .Variant(ChatMessage.SystemFieldNumber, static () => new SystemMessage(), static message => new ChatMessage { System = message }, static keys => keys
            .Object("content", Presence.Required, ContentReader.Text.Read, static (message, content) => message.Content = content)
            .String("name", Presence.Omittable, static (message, name) => message.Name = name))
        .Variant(ChatMessage.UserFieldNumber, static () => new UserMessage(), static message => new ChatMessage { User = message }, static keys => keys
            .Object("content", Presence.Required, ContentReader.User.Read, static (message, content) => message.Content = content)
            .String("name", Presence.Omittable, static (message, name) => message.Name = name))
        .Variant(ChatMessage.AssistantFieldNumber, static () => new AssistantMessage(), static message => new ChatMessage { Assistant = message }, static keys => keys
            .Object("content", Presence.Optional, ContentReader.Assistant.Read, static (message, content) => message.Content = content)
            .String("refusal", Presence.Optional, static (message, refusal) => message.Refusal = refusal)
            .String("name", Presence.Omittable, static (message, name) => message.Name = name)
            .Object("audio", Presence.Optional, AudioReference.Read, static (message, audio) => message.Audio = audio)
            .List("tool_calls", Presence.Omittable, static message => message.ToolCalls, ToolCall.Read, Placeholders.ToolCall)
            .Object("function_call", Presence.Optional, FunctionCall.Read, static (message, call) => message.FunctionCall = call)
            .Key("reasoning_content", Presence.Omittable, static (value, _, message) => ReadReasoningContent(value, message)))
        .Variant(ChatMessage.ToolFieldNumber, static () => new ToolMessage(), static message => new ChatMessage { Tool = message }, static keys => keys
            .Object("content", Presence.Required, ContentReader.Text.Read, static (message, content) => message.Content = content)
            .String("tool_call_id", Presence.Required, static (message, id) => message.ToolCallId = id))
        .Variant(ChatMessage.FunctionFieldNumber, static () => new FunctionMessage(), static message => new ChatMessage { Function = message }, static keys => keys
            .String("content", Presence.RequiredOrNull, static (message, content) => message.Content = content)
            .String("name", Presence.Required, static (message, name) => message.Name = name));

    /// <summary>Outside OpenAI's schema, so never a validation problem: a string is relayed, anything else ignored.</summary>
    private static bool ReadReasoningContent(JsonElement value, AssistantMessage message)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            message.ReasoningContent = JsonText.GetString(value);
        }

        return true;
    }
}
