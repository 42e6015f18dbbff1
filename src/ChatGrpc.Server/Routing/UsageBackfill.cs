using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Gives every answer its usage when the upstream reported none (the development model, some OpenAI-compatible
/// servers): the gateway counts it with its tokenizer and marks the call estimated, which the answer's headers say.
/// </summary>
internal sealed class UsageBackfill(UsageEstimator estimator)
{
    /// <summary>Fills in the usage of a whole answer that came without one.</summary>
    public void Fill(CallContext call, CreateChatCompletionRequest request, ChatCompletion completion)
    {
        if (completion.Usage is null)
        {
            completion.Usage = estimator.Estimate(request, completion, call.CancellationToken);
            call.UsageEstimated = true;
        }
    }

    /// <summary>What watches a stream for its usage; null when the caller did not ask for it.</summary>
    public StreamUsage? Watch(CallContext call, CreateChatCompletionRequest request) =>
        request.StreamOptions is { IncludeUsage: true } ? new StreamUsage(estimator, request, call) : null;
}
