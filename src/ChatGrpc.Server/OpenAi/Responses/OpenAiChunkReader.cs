using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads one <c>chat.completion.chunk</c> (the data of one SSE event) into the proto chunk, keeping keys the proto
/// does not name in <c>extra_fields</c>, with <see cref="CompletionObjectReader"/> as <see cref="OpenAiCompletionReader"/> does.
/// </summary>
internal static class OpenAiChunkReader
{
    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static ChatCompletionChunk Read(ReadOnlySequence<byte> json)
    {
        var chunk = CompletionObjectReader.Read<ChatCompletionChunk, ChatCompletionChunkChoice>(
            json,
            "The event's data is not a JSON object.",
            "delta"u8,
            static (ref reader, choice) => choice.Delta = ReadDelta(ref reader));
        foreach (var choice in chunk.Choices)
        {
            choice.Delta ??= new ChatCompletionDelta();
        }

        return chunk;
    }

    private static ChatCompletionDelta? ReadDelta(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var delta = new ChatCompletionDelta();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                if (EnumLiteralTables.ChatRole.Read(ref reader) is var role and not 0)
                {
                    delta.Role = (ChatRole)role;
                }
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } content)
                {
                    delta.Content = content;
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } refusal)
                {
                    delta.Refusal = refusal;
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCallDeltas(ref reader, delta);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                delta.FunctionCall = ReadFunctionDelta(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                // As CompletionMessageReader: either name, one of them kept.
                reader.Read();
                if (JsonValues.String(ref reader) is { } reasoning && !delta.HasReasoningContent)
                {
                    delta.ReasoningContent = reasoning;
                }
            }
            else
            {
                Struct? extras = delta.ExtraFields;
                ExtraFieldsReader.Add(ref reader, ref extras);
                delta.ExtraFields = extras;
            }
        }

        return delta;
    }

    private static void ReadToolCallDeltas(ref Utf8JsonReader reader, ChatCompletionDelta delta)
    {
        if (!JsonValues.StartsArray(ref reader))
        {
            return;
        }

        while (JsonValues.NextItem(ref reader))
        {
            if (!JsonValues.StartsObject(ref reader))
            {
                continue;
            }

            var call = new ToolCallDelta();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    call.Index = JsonValues.Int32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (JsonValues.String(ref reader) is { } id)
                    {
                        call.Id = id;
                    }
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    call.Function = ReadFunctionDelta(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            delta.ToolCalls.Add(call);
        }
    }

    private static FunctionCallDelta? ReadFunctionDelta(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var function = new FunctionCallDelta();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } name)
                {
                    function.Name = name;
                }
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } arguments)
                {
                    function.Arguments = arguments;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return function;
    }
}
