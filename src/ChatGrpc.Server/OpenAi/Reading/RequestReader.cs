using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The body's top-level object, read field by field in the order of the schema.</summary>
internal static class RequestReader
{
    private static readonly KnownKeys Keys = new(
        "messages", "model", "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
        "max_completion_tokens", "max_tokens", "metadata", "modalities", "n", "parallel_tool_calls", "prediction",
        "presence_penalty", "reasoning_effort", "response_format", "seed", "service_tier", "stop", "store", "stream",
        "stream_options", "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user", "web_search_options",
        "verbosity", "prompt_cache_key", "safety_identifier");

    /// <summary>Whether <paramref name="key"/> is a top-level field of OpenAI's request (and so never an extra).</summary>
    public static bool NamesField(string key) => Keys.Contains(System.Text.Encoding.UTF8.GetBytes(key));

    public static CreateChatCompletionRequest Read(JsonElement body, JsonReadContext context)
    {
        var fields = RequestFields.Collect(body);
        context.ReportUnknownKeys(body, Keys);
        var request = new CreateChatCompletionRequest();

        if (context.RequireKey(fields.Messages, body, "messages"))
        {
            using (context.Enter("messages"))
            {
                JsonLists.Read(fields.Messages, context, request.Messages, MessageReader.Read, Placeholders.Message);
            }
        }

        if (LaxScalars.TryReadRequiredString(fields.Model, body, context, "model", out var text))
        {
            request.Model = text;
        }

        if (Presence.IsSet(fields.Audio))
        {
            using (context.Enter("audio"))
            {
                request.Audio = OptionsReader.ReadAudio(fields.Audio, context);
            }
        }

        if (LaxScalars.TryReadOptionalDouble(fields.FrequencyPenalty, context, "frequency_penalty", out var number))
        {
            request.FrequencyPenalty = number;
        }

        if (Presence.IsSet(fields.FunctionCall))
        {
            using (context.Enter("function_call"))
            {
                request.FunctionCall = ToolChoiceReader.ReadFunctionCall(fields.FunctionCall, context);
            }
        }

        if (Presence.IsSet(fields.Functions))
        {
            using (context.Enter("functions"))
            {
                JsonLists.Read(fields.Functions, context, request.Functions, ToolReader.ReadFunction, Placeholders.Function);
            }
        }

        if (Presence.IsSet(fields.LogitBias))
        {
            using (context.Enter("logit_bias"))
            {
                MapReader.ReadInt64s(fields.LogitBias, context, request.LogitBias);
            }
        }

        if (LaxScalars.TryReadOptionalBool(fields.Logprobs, context, "logprobs", out var flag))
        {
            request.Logprobs = flag;
        }

        if (LaxScalars.TryReadOptionalInt64(fields.MaxCompletionTokens, context, "max_completion_tokens", out var integer))
        {
            request.MaxCompletionTokens = integer;
        }

        if (LaxScalars.TryReadOptionalInt64(fields.MaxTokens, context, "max_tokens", out integer))
        {
            request.MaxTokens = integer;
        }

        if (Presence.IsSet(fields.Metadata))
        {
            using (context.Enter("metadata"))
            {
                MapReader.ReadStrings(fields.Metadata, context, request.Metadata);
            }
        }

        if (Presence.IsSet(fields.Modalities))
        {
            using (context.Enter("modalities"))
            {
                OptionsReader.ReadModalities(fields.Modalities, context, request.Modalities);
            }
        }

        if (LaxScalars.TryReadOptionalInt64(fields.N, context, "n", out integer))
        {
            request.N = integer;
        }

        if (LaxScalars.TryReadOptionalBool(fields.ParallelToolCalls, context, "parallel_tool_calls", out flag))
        {
            request.ParallelToolCalls = flag;
        }

        if (Presence.IsSet(fields.Prediction))
        {
            using (context.Enter("prediction"))
            {
                request.Prediction = OptionsReader.ReadPrediction(fields.Prediction, context);
            }
        }

        if (LaxScalars.TryReadOptionalDouble(fields.PresencePenalty, context, "presence_penalty", out number))
        {
            request.PresencePenalty = number;
        }

        if (EnumLiteralTables.ReasoningEffort.TryReadOptional(fields.ReasoningEffort, context, "reasoning_effort", out var literal))
        {
            request.ReasoningEffort = (ReasoningEffort)literal;
        }

        if (Presence.IsSet(fields.ResponseFormat))
        {
            using (context.Enter("response_format"))
            {
                request.ResponseFormat = OptionsReader.ReadResponseFormat(fields.ResponseFormat, context);
            }
        }

        if (LaxScalars.TryReadOptionalInt64(fields.Seed, context, "seed", out integer))
        {
            request.Seed = integer;
        }

        if (EnumLiteralTables.ServiceTier.TryReadOptional(fields.ServiceTier, context, "service_tier", out literal))
        {
            request.ServiceTier = (ServiceTier)literal;
        }

        if (Presence.IsSet(fields.Stop))
        {
            using (context.Enter("stop"))
            {
                OptionsReader.ReadStop(fields.Stop, context, request.Stop);
            }
        }

        if (LaxScalars.TryReadOptionalBool(fields.Store, context, "store", out flag))
        {
            request.Store = flag;
        }

        if (LaxScalars.TryReadOptionalBool(fields.Stream, context, "stream", out flag))
        {
            request.Stream = flag;
        }

        if (Presence.IsSet(fields.StreamOptions))
        {
            using (context.Enter("stream_options"))
            {
                request.StreamOptions = OptionsReader.ReadStreamOptions(fields.StreamOptions, context);
            }
        }

        if (LaxScalars.TryReadOptionalDouble(fields.Temperature, context, "temperature", out number))
        {
            request.Temperature = number;
        }

        if (Presence.IsSet(fields.ToolChoice))
        {
            using (context.Enter("tool_choice"))
            {
                request.ToolChoice = ToolChoiceReader.ReadToolChoice(fields.ToolChoice, context);
            }
        }

        if (Presence.IsSet(fields.Tools))
        {
            using (context.Enter("tools"))
            {
                JsonLists.Read(fields.Tools, context, request.Tools, ToolReader.ReadTool, Placeholders.Tool);
            }
        }

        if (LaxScalars.TryReadOptionalInt64(fields.TopLogprobs, context, "top_logprobs", out integer))
        {
            request.TopLogprobs = integer;
        }

        if (LaxScalars.TryReadOptionalDouble(fields.TopP, context, "top_p", out number))
        {
            request.TopP = number;
        }

        if (LaxScalars.TryReadOptionalString(fields.User, context, "user", out text))
        {
            request.User = text;
        }

        if (Presence.IsSet(fields.WebSearchOptions))
        {
            using (context.Enter("web_search_options"))
            {
                request.WebSearchOptions = OptionsReader.ReadWebSearchOptions(fields.WebSearchOptions, context);
            }
        }

        if (EnumLiteralTables.Verbosity.TryReadOptional(fields.Verbosity, context, "verbosity", out literal))
        {
            request.Verbosity = (Verbosity)literal;
        }

        if (LaxScalars.TryReadOptionalString(fields.PromptCacheKey, context, "prompt_cache_key", out text))
        {
            request.PromptCacheKey = text;
        }

        if (LaxScalars.TryReadOptionalString(fields.SafetyIdentifier, context, "safety_identifier", out text))
        {
            request.SafetyIdentifier = text;
        }

        // Keys the schema does not name travel on as extra_body; the model's ExtraFields decides their fate.
        if (StructReader.ReadUnknownKeys(body, Keys) is { } extras)
        {
            request.ExtraBody = extras;
        }

        return request;
    }

    /// <summary>The body's known keys, the last of each repeated key winning as in Python's json.</summary>
    private struct RequestFields
    {
        public JsonElement Messages;
        public JsonElement Model;
        public JsonElement Audio;
        public JsonElement FrequencyPenalty;
        public JsonElement FunctionCall;
        public JsonElement Functions;
        public JsonElement LogitBias;
        public JsonElement Logprobs;
        public JsonElement MaxCompletionTokens;
        public JsonElement MaxTokens;
        public JsonElement Metadata;
        public JsonElement Modalities;
        public JsonElement N;
        public JsonElement ParallelToolCalls;
        public JsonElement Prediction;
        public JsonElement PresencePenalty;
        public JsonElement ReasoningEffort;
        public JsonElement ResponseFormat;
        public JsonElement Seed;
        public JsonElement ServiceTier;
        public JsonElement Stop;
        public JsonElement Store;
        public JsonElement Stream;
        public JsonElement StreamOptions;
        public JsonElement Temperature;
        public JsonElement ToolChoice;
        public JsonElement Tools;
        public JsonElement TopLogprobs;
        public JsonElement TopP;
        public JsonElement User;
        public JsonElement WebSearchOptions;
        public JsonElement Verbosity;
        public JsonElement PromptCacheKey;
        public JsonElement SafetyIdentifier;

        public static RequestFields Collect(JsonElement body)
        {
            var fields = default(RequestFields);
            foreach (var property in body.EnumerateObject())
            {
                fields.Assign(JsonText.GetUtf8Name(property), property.Value);
            }

            return fields;
        }

        /// <summary>Dispatches on the length first, so that each key is compared with a handful of names at most.</summary>
        private void Assign(ReadOnlySpan<byte> name, JsonElement value)
        {
            switch (name.Length)
            {
                case 1:
                    if (name.SequenceEqual("n"u8))
                    {
                        N = value;
                    }

                    break;
                case 4:
                    if (name.SequenceEqual("seed"u8))
                    {
                        Seed = value;
                    }
                    else if (name.SequenceEqual("stop"u8))
                    {
                        Stop = value;
                    }
                    else if (name.SequenceEqual("user"u8))
                    {
                        User = value;
                    }

                    break;
                case 5:
                    if (name.SequenceEqual("model"u8))
                    {
                        Model = value;
                    }
                    else if (name.SequenceEqual("tools"u8))
                    {
                        Tools = value;
                    }
                    else if (name.SequenceEqual("audio"u8))
                    {
                        Audio = value;
                    }
                    else if (name.SequenceEqual("store"u8))
                    {
                        Store = value;
                    }
                    else if (name.SequenceEqual("top_p"u8))
                    {
                        TopP = value;
                    }

                    break;
                case 6:
                    if (name.SequenceEqual("stream"u8))
                    {
                        Stream = value;
                    }

                    break;
                case 8:
                    if (name.SequenceEqual("messages"u8))
                    {
                        Messages = value;
                    }
                    else if (name.SequenceEqual("logprobs"u8))
                    {
                        Logprobs = value;
                    }
                    else if (name.SequenceEqual("metadata"u8))
                    {
                        Metadata = value;
                    }

                    break;
                case 9:
                    if (name.SequenceEqual("functions"u8))
                    {
                        Functions = value;
                    }
                    else if (name.SequenceEqual("verbosity"u8))
                    {
                        Verbosity = value;
                    }

                    break;
                case 10:
                    if (name.SequenceEqual("max_tokens"u8))
                    {
                        MaxTokens = value;
                    }
                    else if (name.SequenceEqual("logit_bias"u8))
                    {
                        LogitBias = value;
                    }
                    else if (name.SequenceEqual("modalities"u8))
                    {
                        Modalities = value;
                    }
                    else if (name.SequenceEqual("prediction"u8))
                    {
                        Prediction = value;
                    }

                    break;
                case 11:
                    if (name.SequenceEqual("temperature"u8))
                    {
                        Temperature = value;
                    }
                    else if (name.SequenceEqual("tool_choice"u8))
                    {
                        ToolChoice = value;
                    }

                    break;
                case 12:
                    if (name.SequenceEqual("service_tier"u8))
                    {
                        ServiceTier = value;
                    }
                    else if (name.SequenceEqual("top_logprobs"u8))
                    {
                        TopLogprobs = value;
                    }

                    break;
                case 13:
                    if (name.SequenceEqual("function_call"u8))
                    {
                        FunctionCall = value;
                    }

                    break;
                case 14:
                    if (name.SequenceEqual("stream_options"u8))
                    {
                        StreamOptions = value;
                    }

                    break;
                case 15:
                    if (name.SequenceEqual("response_format"u8))
                    {
                        ResponseFormat = value;
                    }

                    break;
                case 16:
                    if (name.SequenceEqual("presence_penalty"u8))
                    {
                        PresencePenalty = value;
                    }
                    else if (name.SequenceEqual("reasoning_effort"u8))
                    {
                        ReasoningEffort = value;
                    }
                    else if (name.SequenceEqual("prompt_cache_key"u8))
                    {
                        PromptCacheKey = value;
                    }

                    break;
                case 17:
                    if (name.SequenceEqual("frequency_penalty"u8))
                    {
                        FrequencyPenalty = value;
                    }
                    else if (name.SequenceEqual("safety_identifier"u8))
                    {
                        SafetyIdentifier = value;
                    }

                    break;
                case 18:
                    if (name.SequenceEqual("web_search_options"u8))
                    {
                        WebSearchOptions = value;
                    }

                    break;
                case 19:
                    if (name.SequenceEqual("parallel_tool_calls"u8))
                    {
                        ParallelToolCalls = value;
                    }

                    break;
                case 21:
                    if (name.SequenceEqual("max_completion_tokens"u8))
                    {
                        MaxCompletionTokens = value;
                    }

                    break;
            }
        }
    }
}
