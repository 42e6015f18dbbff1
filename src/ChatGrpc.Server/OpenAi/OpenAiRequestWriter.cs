using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// Writes a <see cref="CreateChatCompletionRequest"/> as the request JSON the official OpenAI SDKs send: the
/// inverse of <see cref="OpenAiRequestReader"/>, for OpenAI-compatible upstreams and for showing gRPC requests
/// in OpenAI's terms. Fields come in field-number order; <c>optional</c> fields only when set, repeated fields
/// and maps only when non-empty, message fields only when present.
/// </summary>
internal static class OpenAiRequestWriter
{
    public static void Write(Utf8JsonWriter writer, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        writer.WriteStartObject();
        writer.WriteStartArray("messages"u8);
        var messages = request.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            ChatMessageJson.Write(writer, messages[i]);
        }

        writer.WriteEndArray();
        writer.WriteString("model"u8, request.Model);
        if (request.Audio is { } audio)
        {
            RequestOptionJson.WriteAudio(writer, audio);
        }

        if (request.HasFrequencyPenalty)
        {
            WriteNumber(writer, "frequency_penalty"u8, request.FrequencyPenalty);
        }

        if (request.FunctionCall is { } functionCall)
        {
            ToolJson.WriteFunctionCallChoice(writer, functionCall);
        }

        if (request.Functions.Count > 0)
        {
            ToolJson.WriteFunctions(writer, request.Functions);
        }

        if (request.LogitBias.Count > 0)
        {
            writer.WriteStartObject("logit_bias"u8);
            foreach (var bias in request.LogitBias)
            {
                writer.WriteNumber(bias.Key, bias.Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteBooleanIfSet("logprobs"u8, request.HasLogprobs, request.Logprobs);
        writer.WriteNumberIfSet("max_completion_tokens"u8, request.HasMaxCompletionTokens, request.MaxCompletionTokens);
        writer.WriteNumberIfSet("max_tokens"u8, request.HasMaxTokens, request.MaxTokens);

        if (request.Metadata.Count > 0)
        {
            writer.WriteStartObject("metadata"u8);
            foreach (var entry in request.Metadata)
            {
                writer.WriteString(entry.Key, entry.Value);
            }

            writer.WriteEndObject();
        }

        if (request.Modalities.Count > 0)
        {
            WriteStrings(writer, "modalities"u8, request.Modalities);
        }

        writer.WriteNumberIfSet("n"u8, request.HasN, request.N);
        writer.WriteBooleanIfSet("parallel_tool_calls"u8, request.HasParallelToolCalls, request.ParallelToolCalls);

        if (request.Prediction is { } prediction)
        {
            RequestOptionJson.WritePrediction(writer, prediction);
        }

        if (request.HasPresencePenalty)
        {
            WriteNumber(writer, "presence_penalty"u8, request.PresencePenalty);
        }

        if (request.HasReasoningEffort)
        {
            EnumLiteralTables.ReasoningEffort.Write(writer, "reasoning_effort"u8, (int)request.ReasoningEffort);
        }

        if (request.ResponseFormat is { } responseFormat)
        {
            RequestOptionJson.WriteResponseFormat(writer, responseFormat);
        }

        writer.WriteNumberIfSet("seed"u8, request.HasSeed, request.Seed);

        if (request.HasServiceTier)
        {
            EnumLiteralTables.ServiceTier.Write(writer, "service_tier"u8, (int)request.ServiceTier);
        }

        if (request.Stop.Count > 0)
        {
            WriteStrings(writer, "stop"u8, request.Stop);
        }

        writer.WriteBooleanIfSet("store"u8, request.HasStore, request.Store);
        writer.WriteBooleanIfSet("stream"u8, request.HasStream, request.Stream);

        if (request.StreamOptions is { } streamOptions)
        {
            RequestOptionJson.WriteStreamOptions(writer, streamOptions);
        }

        if (request.HasTemperature)
        {
            WriteNumber(writer, "temperature"u8, request.Temperature);
        }

        if (request.ToolChoice is { } toolChoice)
        {
            ToolJson.WriteToolChoice(writer, toolChoice);
        }

        if (request.Tools.Count > 0)
        {
            ToolJson.WriteTools(writer, request.Tools);
        }

        writer.WriteNumberIfSet("top_logprobs"u8, request.HasTopLogprobs, request.TopLogprobs);

        if (request.HasTopP)
        {
            WriteNumber(writer, "top_p"u8, request.TopP);
        }

        writer.WriteStringIfSet("user"u8, request.HasUser, request.User);

        if (request.WebSearchOptions is { } webSearchOptions)
        {
            RequestOptionJson.WriteWebSearchOptions(writer, webSearchOptions);
        }

        if (request.HasVerbosity)
        {
            EnumLiteralTables.Verbosity.Write(writer, "verbosity"u8, (int)request.Verbosity);
        }

        writer.WriteStringIfSet("prompt_cache_key"u8, request.HasPromptCacheKey, request.PromptCacheKey);
        writer.WriteStringIfSet("safety_identifier"u8, request.HasSafetyIdentifier, request.SafetyIdentifier);

        // What the SDKs' extra_body adds goes where they put it: at the top level. The router has refused keys that
        // name a field above, and cleared the struct for models that do not pass extras.
        ProtoStructJson.WriteExtraFields(writer, request.ExtraBody);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, double value)
    {
        writer.WritePropertyName(propertyName);
        ProtoStructJson.WriteNumber(writer, value);
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, RepeatedField<string> values)
    {
        writer.WriteStartArray(propertyName);
        for (var i = 0; i < values.Count; i++)
        {
            writer.WriteStringValue(values[i]);
        }

        writer.WriteEndArray();
    }
}
