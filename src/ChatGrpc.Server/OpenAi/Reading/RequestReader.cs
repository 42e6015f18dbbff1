using System.Text;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The body's top-level object, read key by key in the order of the schema.</summary>
internal static class RequestReader
{
    private static readonly ObjectReader<CreateChatCompletionRequest> Request = new ObjectReader<CreateChatCompletionRequest>(static () => new())
        .List("messages", Presence.Required, static request => request.Messages, MessageReader.Message.Read, Placeholders.Message)
        .String("model", Presence.Required, static (request, model) => request.Model = model)
        .Object("audio", Presence.Optional, OptionsReader.Audio.Read, static (request, audio) => request.Audio = audio)
        .Double("frequency_penalty", Presence.Optional, static (request, penalty) => request.FrequencyPenalty = penalty)
        .Object("function_call", Presence.Optional, ToolChoiceReader.FunctionCall.Read, static (request, choice) => request.FunctionCall = choice)
        .List("functions", Presence.Optional, static request => request.Functions, ToolReader.Function.Read, Placeholders.Function)
        .Map("logit_bias", Presence.Optional, static request => request.LogitBias, LaxScalars.TryReadInt64, unreadable: 0)
        .Bool("logprobs", Presence.Optional, static (request, logprobs) => request.Logprobs = logprobs)
        .Int64("max_completion_tokens", Presence.Optional, static (request, tokens) => request.MaxCompletionTokens = tokens)
        .Int64("max_tokens", Presence.Optional, static (request, tokens) => request.MaxTokens = tokens)
        .Map("metadata", Presence.Optional, static request => request.Metadata, LaxScalars.TryReadString, unreadable: "")
        .List("modalities", Presence.Optional, static request => request.Modalities, OptionsReader.ReadModality, placeholder: "")
        .Int64("n", Presence.Optional, static (request, n) => request.N = n)
        .Bool("parallel_tool_calls", Presence.Optional, static (request, parallel) => request.ParallelToolCalls = parallel)
        .Object("prediction", Presence.Optional, OptionsReader.Prediction.Read, static (request, prediction) => request.Prediction = prediction)
        .Double("presence_penalty", Presence.Optional, static (request, penalty) => request.PresencePenalty = penalty)
        .Literal("reasoning_effort", Presence.Optional, EnumLiteralTables.ReasoningEffort, static (request, effort) => request.ReasoningEffort = (ReasoningEffort)effort)
        .Object("response_format", Presence.Optional, OptionsReader.ResponseFormat.Read, static (request, format) => request.ResponseFormat = format)
        .Int64("seed", Presence.Optional, static (request, seed) => request.Seed = seed)
        .Literal("service_tier", Presence.Optional, EnumLiteralTables.ServiceTier, static (request, tier) => request.ServiceTier = (ServiceTier)tier)
        .Into("stop", Presence.Optional, static (value, context, request) => OptionsReader.ReadStop(value, context, request.Stop))
        .Bool("store", Presence.Optional, static (request, store) => request.Store = store)
        .Bool("stream", Presence.Optional, static (request, stream) => request.Stream = stream)
        .Object("stream_options", Presence.Optional, OptionsReader.StreamOptions.Read, static (request, options) => request.StreamOptions = options)
        .Double("temperature", Presence.Optional, static (request, temperature) => request.Temperature = temperature)
        .Object("tool_choice", Presence.Optional, ToolChoiceReader.ToolChoice.Read, static (request, choice) => request.ToolChoice = choice)
        .List("tools", Presence.Optional, static request => request.Tools, ToolReader.Tool.Read, Placeholders.Tool)
        .Int64("top_logprobs", Presence.Optional, static (request, count) => request.TopLogprobs = count)
        .Double("top_p", Presence.Optional, static (request, topP) => request.TopP = topP)
        .String("user", Presence.Optional, static (request, user) => request.User = user)
        .Object("web_search_options", Presence.Optional, OptionsReader.WebSearchOptions.Read, static (request, options) => request.WebSearchOptions = options)
        .Literal("verbosity", Presence.Optional, EnumLiteralTables.Verbosity, static (request, verbosity) => request.Verbosity = (Verbosity)verbosity)
        .String("prompt_cache_key", Presence.Optional, static (request, key) => request.PromptCacheKey = key)
        .String("safety_identifier", Presence.Optional, static (request, identifier) => request.SafetyIdentifier = identifier);

    /// <summary>Whether <paramref name="key"/> is a top-level field of OpenAI's request (and so never an extra).</summary>
    public static bool NamesField(string key) => Request.Keys.Contains(Encoding.UTF8.GetBytes(key));

    public static CreateChatCompletionRequest Read(JsonElement body, JsonReadContext context)
    {
        // No key of the request is essential, so the request is always made.
        var request = Request.ReadMembers(body, context)!;

        // Keys the schema does not name travel on as extra_body; the model's ExtraFields decides their fate.
        if (StructReader.ReadUnknownKeys(body, Request.Keys) is { } extras)
        {
            request.ExtraBody = extras;
        }

        return request;
    }
}
