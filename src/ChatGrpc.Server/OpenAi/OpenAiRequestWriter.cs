using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// Writes a <see cref="CreateChatCompletionRequest"/> as the request JSON the official OpenAI SDKs send: the
/// inverse of <see cref="OpenAiRequestReader"/>, for OpenAI-compatible upstreams and for showing gRPC requests
/// in OpenAI's terms. Fields come in field-number order; <c>optional</c> fields only when set, repeated fields
/// and maps only when non-empty, message fields only when present.
/// </summary>
internal static class OpenAiRequestWriter
{
    private static readonly Action<Utf8JsonWriter, string> s_writeString = static (writer, value) => writer.WriteStringValue(value);

    public static void Write(Utf8JsonWriter writer, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        writer.WriteStartObject();
        writer.WriteArray("messages"u8, request.Messages, ChatMessageJson.Write);
        writer.WriteString("model"u8, request.Model);
        writer.WriteObjectIfPresent("audio"u8, request.Audio, RequestOptionJson.WriteAudioFields);
        writer.WriteNumberIfSet("frequency_penalty"u8, request.HasFrequencyPenalty, request.FrequencyPenalty);
        writer.WriteIfPresent(request.FunctionCall, ToolJson.WriteFunctionCallChoice);
        writer.WriteArrayIfAny("functions"u8, request.Functions, ToolJson.WriteFunctionDefinition);
        writer.WriteObjectIfAny("logit_bias"u8, request.LogitBias, static (writer, token, bias) => writer.WriteNumber(token, bias));
        writer.WriteBooleanIfSet("logprobs"u8, request.HasLogprobs, request.Logprobs);
        writer.WriteNumberIfSet("max_completion_tokens"u8, request.HasMaxCompletionTokens, request.MaxCompletionTokens);
        writer.WriteNumberIfSet("max_tokens"u8, request.HasMaxTokens, request.MaxTokens);
        writer.WriteObjectIfAny("metadata"u8, request.Metadata, static (writer, key, value) => writer.WriteString(key, value));
        writer.WriteArrayIfAny("modalities"u8, request.Modalities, s_writeString);
        writer.WriteNumberIfSet("n"u8, request.HasN, request.N);
        writer.WriteBooleanIfSet("parallel_tool_calls"u8, request.HasParallelToolCalls, request.ParallelToolCalls);
        writer.WriteIfPresent(request.Prediction, RequestOptionJson.WritePrediction);
        writer.WriteNumberIfSet("presence_penalty"u8, request.HasPresencePenalty, request.PresencePenalty);
        writer.WriteEnumIfSet(EnumLiteralTables.ReasoningEffort, "reasoning_effort"u8, request.HasReasoningEffort, (int)request.ReasoningEffort);
        writer.WriteIfPresent(request.ResponseFormat, RequestOptionJson.WriteResponseFormat);
        writer.WriteNumberIfSet("seed"u8, request.HasSeed, request.Seed);
        writer.WriteEnumIfSet(EnumLiteralTables.ServiceTier, "service_tier"u8, request.HasServiceTier, (int)request.ServiceTier);
        writer.WriteArrayIfAny("stop"u8, request.Stop, s_writeString);
        writer.WriteBooleanIfSet("store"u8, request.HasStore, request.Store);
        writer.WriteBooleanIfSet("stream"u8, request.HasStream, request.Stream);
        writer.WriteObjectIfPresent("stream_options"u8, request.StreamOptions, RequestOptionJson.WriteStreamOptionsFields);
        writer.WriteNumberIfSet("temperature"u8, request.HasTemperature, request.Temperature);
        writer.WriteIfPresent(request.ToolChoice, ToolJson.WriteToolChoice);
        writer.WriteArrayIfAny("tools"u8, request.Tools, ToolJson.WriteTool);
        writer.WriteNumberIfSet("top_logprobs"u8, request.HasTopLogprobs, request.TopLogprobs);
        writer.WriteNumberIfSet("top_p"u8, request.HasTopP, request.TopP);
        writer.WriteStringIfSet("user"u8, request.HasUser, request.User);
        writer.WriteObjectIfPresent("web_search_options"u8, request.WebSearchOptions, RequestOptionJson.WriteWebSearchOptionsFields);
        writer.WriteEnumIfSet(EnumLiteralTables.Verbosity, "verbosity"u8, request.HasVerbosity, (int)request.Verbosity);
        writer.WriteStringIfSet("prompt_cache_key"u8, request.HasPromptCacheKey, request.PromptCacheKey);
        writer.WriteStringIfSet("safety_identifier"u8, request.HasSafetyIdentifier, request.SafetyIdentifier);

        // What the SDKs' extra_body adds goes where they put it: at the top level. The router has refused keys that
        // name a field above, and cleared the struct for models that do not pass extras.
        ProtoStructJson.WriteExtraFields(writer, request.ExtraBody);
        writer.WriteEndObject();
    }
}
