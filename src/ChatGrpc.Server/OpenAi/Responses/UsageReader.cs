using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads OpenAI's <c>usage</c> object, with its token details.</summary>
internal static class UsageReader
{
    /// <summary>The usage the reader stands on, or null for a JSON null.</summary>
    public static Usage? Read(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var usage = new Usage();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                usage.PromptTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                usage.CompletionTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                usage.TotalTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                usage.PromptTokensDetails = ReadPromptDetails(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                usage.CompletionTokensDetails = ReadCompletionDetails(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    private static PromptTokensDetails? ReadPromptDetails(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var details = new PromptTokensDetails();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                reader.Read();
                details.CachedTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("audio_tokens"u8))
            {
                reader.Read();
                details.AudioTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return details;
    }

    private static CompletionTokensDetails? ReadCompletionDetails(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var details = new CompletionTokensDetails();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("reasoning_tokens"u8))
            {
                reader.Read();
                details.ReasoningTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("audio_tokens"u8))
            {
                reader.Read();
                details.AudioTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("accepted_prediction_tokens"u8))
            {
                reader.Read();
                details.AcceptedPredictionTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("rejected_prediction_tokens"u8))
            {
                reader.Read();
                details.RejectedPredictionTokens = JsonValues.Int32(ref reader) ?? 0;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return details;
    }
}
