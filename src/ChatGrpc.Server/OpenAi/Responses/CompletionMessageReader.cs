using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads a choice's <c>message</c>: content, refusal, tool calls, the deprecated function call, audio and annotations.</summary>
internal static class CompletionMessageReader
{
    private static readonly JsonObjectReader<FunctionCall> s_functionCall = new(
    [
        new("name"u8, static (ref reader, call) => call.Name = JsonValues.String(ref reader) ?? string.Empty),
        new("arguments"u8, static (ref reader, call) => call.Arguments = JsonValues.String(ref reader) ?? string.Empty),
    ]);

    private static readonly JsonObjectReader<CustomToolCall> s_customCall = new(
    [
        new("name"u8, static (ref reader, call) => call.Name = JsonValues.String(ref reader) ?? string.Empty),
        new("input"u8, static (ref reader, call) => call.Input = JsonValues.String(ref reader) ?? string.Empty),
    ]);

    // "type" is implied by which of function and custom is present.
    private static readonly JsonObjectReader<ToolCall> s_toolCall = new(
    [
        new("id"u8, static (ref reader, call) => call.Id = JsonValues.String(ref reader) ?? string.Empty),
        new("function"u8, static (ref reader, call) => call.Function = s_functionCall.Read(ref reader)),
        new("custom"u8, static (ref reader, call) => call.Custom = s_customCall.Read(ref reader)),
    ]);

    private static readonly JsonObjectReader<AssistantAudio> s_audio = new(
    [
        new("id"u8, static (ref reader, audio) => audio.Id = JsonValues.String(ref reader) ?? string.Empty),
        new("expires_at"u8, static (ref reader, audio) => audio.ExpiresAt = JsonValues.Int64(ref reader) ?? 0),
        new("data"u8, static (ref reader, audio) => audio.Data = JsonValues.String(ref reader) ?? string.Empty),
        new("transcript"u8, static (ref reader, audio) => audio.Transcript = JsonValues.String(ref reader) ?? string.Empty),
    ]);

    private static readonly JsonObjectReader<UrlCitation> s_citation = new(
    [
        new("start_index"u8, static (ref reader, citation) => citation.StartIndex = JsonValues.Int32(ref reader) ?? 0),
        new("end_index"u8, static (ref reader, citation) => citation.EndIndex = JsonValues.Int32(ref reader) ?? 0),
        new("title"u8, static (ref reader, citation) => citation.Title = JsonValues.String(ref reader) ?? string.Empty),
        new("url"u8, static (ref reader, citation) => citation.Url = JsonValues.String(ref reader) ?? string.Empty),
    ]);

    private static readonly JsonObjectReader<Annotation> s_annotation = new(
    [
        new("url_citation"u8, static (ref reader, annotation) => annotation.UrlCitation = s_citation.Read(ref reader)),
    ]);

    // An annotation of a type the proto does not have yet is left out rather than relayed empty.
    private static readonly Func<Annotation, bool> s_isKnownAnnotation = static annotation => annotation.TypeCase != Annotation.TypeOneofCase.None;

    private static readonly JsonPropertyReader<ChatCompletionMessage> s_readReasoning =
        static (ref reader, message) => { if (JsonValues.String(ref reader) is { } reasoning && !message.HasReasoningContent) { message.ReasoningContent = reasoning; } };

    private static readonly JsonObjectReader<ChatCompletionMessage> s_message = new(
    [
        new("content"u8, static (ref reader, message) => { if (JsonValues.String(ref reader) is { } content) { message.Content = content; } }),
        new("refusal"u8, static (ref reader, message) => { if (JsonValues.String(ref reader) is { } refusal) { message.Refusal = refusal; } }),
        new("tool_calls"u8, static (ref reader, message) => s_toolCall.ReadList(ref reader, message.ToolCalls)),
        new("function_call"u8, static (ref reader, message) => message.FunctionCall = s_functionCall.Read(ref reader)),
        new("audio"u8, static (ref reader, message) => message.Audio = s_audio.Read(ref reader)),
        new("annotations"u8, static (ref reader, message) => s_annotation.ReadList(ref reader, message.Annotations, s_isKnownAnnotation)),

        // DeepSeek, vLLM and Qwen say reasoning_content; vLLM's newer servers say reasoning. One of them is kept.
        new("reasoning_content"u8, s_readReasoning),
        new("reasoning"u8, s_readReasoning),

        // Always "assistant": the writer writes it.
        new("role"u8, static (ref reader, _) => reader.Skip()),
    ],
    static (ref reader, message) => message.ExtraFields = ExtraFieldsReader.Add(ref reader, message.ExtraFields));

    public static ChatCompletionMessage? Read(ref Utf8JsonReader reader) => s_message.Read(ref reader);
}
