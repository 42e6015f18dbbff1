using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads one <c>chat.completion.chunk</c> (the data of one SSE event) into the proto chunk, keeping keys the proto
/// does not name in <c>extra_fields</c>, with <see cref="CompletionObjectReader"/> as <see cref="OpenAiCompletionReader"/> does.
/// </summary>
internal static class OpenAiChunkReader
{
    // A delta's fields have presence: one sent as null (or of another type) stays unset.
    private static readonly JsonObjectReader<FunctionCallDelta> s_functionDelta = new(
    [
        new("name"u8, static (ref reader, function) => { if (JsonValues.String(ref reader) is { } name) { function.Name = name; } }),
        new("arguments"u8, static (ref reader, function) => { if (JsonValues.String(ref reader) is { } arguments) { function.Arguments = arguments; } }),
    ]);

    private static readonly JsonObjectReader<ToolCallDelta> s_toolCallDelta = new(
    [
        new("index"u8, static (ref reader, call) => call.Index = JsonValues.Int32(ref reader) ?? 0),
        new("id"u8, static (ref reader, call) => { if (JsonValues.String(ref reader) is { } id) { call.Id = id; } }),
        new("function"u8, static (ref reader, call) => call.Function = s_functionDelta.Read(ref reader)),
    ]);

    private static readonly JsonPropertyReader<ChatCompletionDelta> s_readReasoning =
        static (ref reader, delta) => { if (JsonValues.String(ref reader) is { } reasoning && !delta.HasReasoningContent) { delta.ReasoningContent = reasoning; } };

    private static readonly JsonObjectReader<ChatCompletionDelta> s_delta = new(
    [
        new("content"u8, static (ref reader, delta) => { if (JsonValues.String(ref reader) is { } content) { delta.Content = content; } }),
        new("role"u8, static (ref reader, delta) => { if (EnumLiteralTables.ChatRole.Read(ref reader) is var role and not 0) { delta.Role = (ChatRole)role; } }),
        new("refusal"u8, static (ref reader, delta) => { if (JsonValues.String(ref reader) is { } refusal) { delta.Refusal = refusal; } }),
        new("tool_calls"u8, static (ref reader, delta) => s_toolCallDelta.ReadList(ref reader, delta.ToolCalls)),
        new("function_call"u8, static (ref reader, delta) => delta.FunctionCall = s_functionDelta.Read(ref reader)),

        // As CompletionMessageReader: either name, one of them kept.
        new("reasoning_content"u8, s_readReasoning),
        new("reasoning"u8, s_readReasoning),
    ],
    static (ref reader, delta) => delta.ExtraFields = ExtraFieldsReader.Add(ref reader, delta.ExtraFields));

    private static readonly JsonObjectReader<ChatCompletionChunk> s_chunk = CompletionObjectReader.Create<ChatCompletionChunk, ChatCompletionChunkChoice>(
        new("delta"u8, static (ref reader, choice) => choice.Delta = s_delta.Read(ref reader)),
        static choice => choice.Delta ??= new ChatCompletionDelta());

    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static ChatCompletionChunk Read(ReadOnlySequence<byte> json) => CompletionObjectReader.Read(json, s_chunk, "The event's data is not a JSON object.");
}
