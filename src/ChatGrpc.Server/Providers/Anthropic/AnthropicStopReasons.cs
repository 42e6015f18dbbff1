using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>Anthropic's <c>stop_reason</c> in OpenAI's terms.</summary>
internal static class AnthropicStopReasons
{
    public static FinishReason ToFinishReason(string? stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" or "pause_turn" => FinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => FinishReason.Length,
        "tool_use" => FinishReason.ToolCalls,
        "refusal" => FinishReason.ContentFilter,
        _ => FinishReason.Unspecified,
    };

    /// <summary>Anthropic's usage: input tokens exclude cached ones, which OpenAI's prompt tokens include.</summary>
    public static Usage ToUsage(long input, long output, long cacheCreation, long cacheRead)
    {
        var prompt = (int)(input + cacheCreation + cacheRead);
        return new Usage
        {
            PromptTokens = prompt,
            CompletionTokens = (int)output,
            TotalTokens = prompt + (int)output,
            PromptTokensDetails = new PromptTokensDetails { CachedTokens = (int)cacheRead },
        };
    }
}
