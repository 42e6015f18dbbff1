using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>
/// What Anthropic's Messages API cannot honour of OpenAI's request: refused, or dropped where the model allows it,
/// never sent for Anthropic to misread. Everything else is translated (see <see cref="AnthropicRequestWriter"/>).
/// </summary>
internal static class AnthropicFields
{
    public static IReadOnlyList<RequestField> Unsupported { get; } =
    [
        new("audio", static r => r.Audio is not null, static r => r.Audio = null),
        new("modalities", static r => r.Modalities.Any(static m => m != "text"), static r => r.Modalities.Clear()),
        new("frequency_penalty", static r => r.HasFrequencyPenalty, static r => r.ClearFrequencyPenalty()),
        new("presence_penalty", static r => r.HasPresencePenalty, static r => r.ClearPresencePenalty()),
        new("logit_bias", static r => r.LogitBias.Count > 0, static r => r.LogitBias.Clear()),
        new("logprobs", static r => r.HasLogprobs && r.Logprobs, static r => r.ClearLogprobs()),
        new("top_logprobs", static r => r.HasTopLogprobs, static r => r.ClearTopLogprobs()),
        new("n", static r => r.HasN && r.N > 1, static r => r.ClearN()),
        new("seed", static r => r.HasSeed, static r => r.ClearSeed()),
        new("prediction", static r => r.Prediction is not null, static r => r.Prediction = null),
        new("response_format", static r => r.ResponseFormat is { TypeCase: not ResponseFormat.TypeOneofCase.Text }, static r => r.ResponseFormat = null),
        new("verbosity", static r => r.HasVerbosity, static r => r.ClearVerbosity()),
        new("service_tier", static r => r.HasServiceTier, static r => r.ClearServiceTier()),
        new("store", static r => r.HasStore && r.Store, static r => r.ClearStore()),
        new("metadata", static r => r.Metadata.Count > 0, static r => r.Metadata.Clear()),
        new("prompt_cache_key", static r => r.HasPromptCacheKey, static r => r.ClearPromptCacheKey()),
        new("web_search_options", static r => r.WebSearchOptions is not null, static r => r.WebSearchOptions = null),
        new("functions", static r => r.Functions.Count > 0, static r => r.Functions.Clear()),
        new("function_call", static r => r.FunctionCall is not null, static r => r.FunctionCall = null),
        new("tools.custom", static r => r.Tools.Any(static t => t.TypeCase == Tool.TypeOneofCase.Custom), static r => RemoveAll(r.Tools, static t => t.TypeCase == Tool.TypeOneofCase.Custom)),
        new("tool_choice.allowed_tools", static r => r.ToolChoice is { ChoiceCase: ToolChoice.ChoiceOneofCase.AllowedTools or ToolChoice.ChoiceOneofCase.Custom }, static r => r.ToolChoice = null),
        new("messages.content.input_audio", static r => UserParts(r).Any(static p => p.TypeCase == UserContentPart.TypeOneofCase.InputAudio), static r => RemoveUserParts(r, static p => p.TypeCase == UserContentPart.TypeOneofCase.InputAudio)),
        // OpenAI's file ids mean nothing to Anthropic; a part that also carries the file's data keeps it.
        new("messages.content.file.file_id", static r => UserParts(r).Any(static p => p.File is { HasFileId: true }), static r => RemoveFileIds(r)),
        new("messages.function", static r => r.Messages.Any(static m => m.RoleCase == ChatMessage.RoleOneofCase.Function), static r => RemoveAll(r.Messages, static m => m.RoleCase == ChatMessage.RoleOneofCase.Function)),
    ];

    private static IEnumerable<UserContentPart> UserParts(CreateChatCompletionRequest request) =>
        request.Messages.Where(static m => m.User?.Content?.Parts is not null).SelectMany(static m => m.User.Content.Parts.Parts);

    private static void RemoveUserParts(CreateChatCompletionRequest request, Func<UserContentPart, bool> match)
    {
        foreach (var message in request.Messages)
        {
            if (message.User?.Content?.Parts is { } parts)
            {
                RemoveAll(parts.Parts, match);
            }
        }
    }

    private static void RemoveFileIds(CreateChatCompletionRequest request)
    {
        foreach (var part in UserParts(request))
        {
            part.File?.ClearFileId();
        }

        RemoveUserParts(request, static p => p.File is { HasFileData: false });
    }

    private static void RemoveAll<T>(Google.Protobuf.Collections.RepeatedField<T> items, Func<T, bool> match)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (match(items[i]))
            {
                items.RemoveAt(i);
            }
        }
    }
}
