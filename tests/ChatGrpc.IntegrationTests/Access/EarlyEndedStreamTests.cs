using System.Globalization;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>A stream the caller leaves part way is charged what was sent before it left: its prompt and the deltas, not its estimate.</summary>
public sealed class EarlyEndedStreamTests
{
    private const int MaxCompletionTokens = 200;

    [Fact]
    public async Task StreamLeftAfterAFewChunks_IsChargedThePromptAndWhatWasSent()
    {
        var settings = new Dictionary<string, string?>
        {
            // Slow enough that the caller leaves long before the answer is complete.
            ["ChatGrpc:Development:TokenDelay"] = "00:00:00.050",
            [$"ChatGrpc:Access:Users:{ChatGrpcServerFixture.UserName}:TokensPerMinute"] = "100000",
        };
        await using var gateway = new GatewayInstance(settings);
        await gateway.InitializeAsync();
        var request = new CreateChatCompletionRequest
        {
            Model = "chatgrpc-dev",
            MaxCompletionTokens = MaxCompletionTokens,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "tell me a long story about the sea" } } } },
        };
        var promptTokens = gateway.Services.GetRequiredService<UsageEstimator>().CountPrompt(request, CancellationToken.None);

        using (var cancellation = new CancellationTokenSource())
        {
            using var call = gateway.CreateChatClient().StreamChatCompletion(request, cancellationToken: cancellation.Token);
            for (var i = 0; i < 4; i++)
            {
                Assert.True(await call.ResponseStream.MoveNext(cancellation.Token));
            }

            await cancellation.CancelAsync();
        }

        // What the store holds for the user once the stream has been settled (it was reserved prompt + 200).
        var store = gateway.Services.GetRequiredService<IUsageStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long charged;
        do
        {
            await Task.Delay(50);
            var window = await store.ReserveAsync(ChatGrpcServerFixture.UserName, new UsageLimits(null, long.MaxValue / 4, null), 0, CancellationToken.None);
            charged = window.TokensUsed;
        }
        while (charged == promptTokens + MaxCompletionTokens && DateTime.UtcNow < deadline);

        Assert.InRange(charged, promptTokens + 1, promptTokens + (MaxCompletionTokens / 2));
        Assert.True(charged < promptTokens + MaxCompletionTokens, string.Create(CultureInfo.InvariantCulture, $"still charged the estimate, {charged}"));
    }
}
