using System.ClientModel.Primitives;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>The OpenAI .NET SDK sends its key as a Bearer token; the gateway wants Basic credentials instead.</summary>
internal sealed class BasicAuthorizationPolicy(string authorization) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Set("Authorization", authorization);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Request.Headers.Set("Authorization", authorization);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
