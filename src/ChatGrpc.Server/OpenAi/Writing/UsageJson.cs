using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>OpenAI's <c>usage</c> object; the details objects only when the provider reported them.</summary>
internal static class UsageJson
{
    public static void Write(Utf8JsonWriter writer, Usage usage)
    {
        writer.WriteStartObject();
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WriteObjectIfPresent("prompt_tokens_details"u8, usage.PromptTokensDetails, WritePromptDetailsFields);
        writer.WriteObjectIfPresent("completion_tokens_details"u8, usage.CompletionTokensDetails, WriteCompletionDetailsFields);
        writer.WriteEndObject();
    }

    private static void WritePromptDetailsFields(Utf8JsonWriter writer, PromptTokensDetails prompt)
    {
        writer.WriteNumber("cached_tokens"u8, prompt.CachedTokens);
        writer.WriteNumber("audio_tokens"u8, prompt.AudioTokens);
    }

    private static void WriteCompletionDetailsFields(Utf8JsonWriter writer, CompletionTokensDetails completion)
    {
        writer.WriteNumber("reasoning_tokens"u8, completion.ReasoningTokens);
        writer.WriteNumber("audio_tokens"u8, completion.AudioTokens);
        writer.WriteNumber("accepted_prediction_tokens"u8, completion.AcceptedPredictionTokens);
        writer.WriteNumber("rejected_prediction_tokens"u8, completion.RejectedPredictionTokens);
    }
}
