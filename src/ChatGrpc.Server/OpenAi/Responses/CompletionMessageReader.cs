using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads a choice's <c>message</c>: content, refusal, tool calls, the deprecated function call, audio and annotations.</summary>
internal static class CompletionMessageReader
{
    public static ChatCompletionMessage? Read(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var message = new ChatCompletionMessage();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } content)
                {
                    message.Content = content;
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } refusal)
                {
                    message.Refusal = refusal;
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, message);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                message.FunctionCall = ReadFunctionCall(ref reader);
            }
            else if (reader.ValueTextEquals("audio"u8))
            {
                reader.Read();
                message.Audio = ReadAudio(ref reader);
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                reader.Read();
                ReadAnnotations(ref reader, message);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                // DeepSeek, vLLM and Qwen say reasoning_content; vLLM's newer servers say reasoning. One of them is kept.
                reader.Read();
                if (JsonValues.String(ref reader) is { } reasoning && !message.HasReasoningContent)
                {
                    message.ReasoningContent = reasoning;
                }
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                // Always "assistant": the writer writes it.
                reader.Read();
                reader.Skip();
            }
            else
            {
                Struct? extras = message.ExtraFields;
                ExtraFieldsReader.Add(ref reader, ref extras);
                message.ExtraFields = extras;
            }
        }

        return message;
    }

    public static FunctionCall? ReadFunctionCall(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var call = new FunctionCall();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                call.Name = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                call.Arguments = JsonValues.String(ref reader) ?? string.Empty;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return call;
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, ChatCompletionMessage message)
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

            var call = new ToolCall();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    call.Id = JsonValues.String(ref reader) ?? string.Empty;
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    call.Function = ReadFunctionCall(ref reader);
                }
                else if (reader.ValueTextEquals("custom"u8))
                {
                    reader.Read();
                    call.Custom = ReadCustomCall(ref reader);
                }
                else
                {
                    // "type" is implied by which of function and custom is present.
                    reader.Read();
                    reader.Skip();
                }
            }

            message.ToolCalls.Add(call);
        }
    }

    private static CustomToolCall? ReadCustomCall(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var call = new CustomToolCall();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                call.Name = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                call.Input = JsonValues.String(ref reader) ?? string.Empty;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return call;
    }

    private static AssistantAudio? ReadAudio(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var audio = new AssistantAudio();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                audio.Id = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("expires_at"u8))
            {
                reader.Read();
                audio.ExpiresAt = JsonValues.Int64(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                audio.Data = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("transcript"u8))
            {
                reader.Read();
                audio.Transcript = JsonValues.String(ref reader) ?? string.Empty;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return audio;
    }

    private static void ReadAnnotations(ref Utf8JsonReader reader, ChatCompletionMessage message)
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

            UrlCitation? citation = null;
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("url_citation"u8))
                {
                    reader.Read();
                    citation = ReadCitation(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // An annotation of a type the proto does not have yet is left out rather than relayed empty.
            if (citation is not null)
            {
                message.Annotations.Add(new Annotation { UrlCitation = citation });
            }
        }
    }

    private static UrlCitation? ReadCitation(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var citation = new UrlCitation();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("start_index"u8))
            {
                reader.Read();
                citation.StartIndex = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("end_index"u8))
            {
                reader.Read();
                citation.EndIndex = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                citation.Title = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                citation.Url = JsonValues.String(ref reader) ?? string.Empty;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return citation;
    }
}
