using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads OpenAI's <c>usage</c> object, with its token details.</summary>
internal static class UsageReader
{
    private static readonly JsonObjectReader<PromptTokensDetails> s_promptDetails = new(
    [
        new("cached_tokens"u8, static (ref reader, details) => details.CachedTokens = JsonValues.Int32(ref reader) ?? 0),
        new("audio_tokens"u8, static (ref reader, details) => details.AudioTokens = JsonValues.Int32(ref reader) ?? 0),
    ]);

    private static readonly JsonObjectReader<CompletionTokensDetails> s_completionDetails = new(
    [
        new("reasoning_tokens"u8, static (ref reader, details) => details.ReasoningTokens = JsonValues.Int32(ref reader) ?? 0),
        new("audio_tokens"u8, static (ref reader, details) => details.AudioTokens = JsonValues.Int32(ref reader) ?? 0),
        new("accepted_prediction_tokens"u8, static (ref reader, details) => details.AcceptedPredictionTokens = JsonValues.Int32(ref reader) ?? 0),
        new("rejected_prediction_tokens"u8, static (ref reader, details) => details.RejectedPredictionTokens = JsonValues.Int32(ref reader) ?? 0),
    ]);

    private static readonly JsonObjectReader<Usage> s_usage = new(
    [
        new("prompt_tokens"u8, static (ref reader, usage) => usage.PromptTokens = JsonValues.Int32(ref reader) ?? 0),
        new("completion_tokens"u8, static (ref reader, usage) => usage.CompletionTokens = JsonValues.Int32(ref reader) ?? 0),
        new("total_tokens"u8, static (ref reader, usage) => usage.TotalTokens = JsonValues.Int32(ref reader) ?? 0),
        new("prompt_tokens_details"u8, static (ref reader, usage) => usage.PromptTokensDetails = s_promptDetails.Read(ref reader)),
        new("completion_tokens_details"u8, static (ref reader, usage) => usage.CompletionTokensDetails = s_completionDetails.Read(ref reader)),
    ]);

    /// <summary>The usage the reader stands on, or null for a JSON null.</summary>
    public static Usage? Read(ref Utf8JsonReader reader) => s_usage.Read(ref reader);
}
