using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Routing;

public sealed class ModelRouterTests
{
    private static readonly UsageEstimator s_usage = new();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CreateChatCompletionRequest Request(string model) => new()
    {
        Model = model,
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello there" } } } },
    };

    /// <summary>A streamed request whose caller asks for its usage (<c>stream_options.include_usage</c>).</summary>
    private static CreateChatCompletionRequest StreamAskingForUsage(string model)
    {
        var request = Request(model);
        request.Stream = true;
        request.StreamOptions = new StreamOptions { IncludeUsage = true };
        return request;
    }

    private static CallContext Call(CancellationToken cancellationToken = default) => new("tester", "req-1", CallTransport.Rest, cancellationToken);

    private ModelRouter Router(ResilienceOptions? resilience = null, params ModelRoute[] routes)
    {
        var options = new RoutingOptions();
        var configured = resilience ?? new ResilienceOptions { MaxRetries = 0 };
        options.Resilience.MaxRetries = configured.MaxRetries;
        options.Resilience.RetryDelay = configured.RetryDelay;
        options.Resilience.BreakerMinimumThroughput = configured.BreakerMinimumThroughput;
        options.Resilience.BreakerFailureRatio = configured.BreakerFailureRatio;
        options.Resilience.BreakerBreakDuration = configured.BreakerBreakDuration;
        return new ModelRouter(options, routes, null, s_usage, _time, NullLogger.Instance);
    }

    /// <summary>A router with no retries whose usage estimator is <paramref name="usage"/>.</summary>
    private ModelRouter Router(UsageEstimator usage, params ModelRoute[] routes) =>
        new(new RoutingOptions { Resilience = { MaxRetries = 0 } }, routes, null, usage, _time, NullLogger.Instance);

    private static ChatCompletionException Status(int status) =>
        new(ChatErrorKind.UpstreamFailed, $"HTTP {status}") { UpstreamStatus = status };

    [Fact]
    public async Task UnknownModel_IsNotFound_NamingTheServedModels()
    {
        var router = Router(routes: [new ModelRoute("a", new ScriptedProvider("a")), new ModelRoute("b", new ScriptedProvider("b"))]);

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request(new string('x', 500))));

        Assert.Equal(ChatErrorKind.NotFound, error.Kind);
        Assert.Equal($"The model '{new string('x', 128)}...' does not exist or is not served by this gateway. Served models: a, b.", error.Message);
        Assert.Throws<ChatCompletionException>(() => router.StreamAsync(Call(), Request("zzz")));
    }

    [Fact]
    public async Task Retryable5xx_IsRetriedOnTheSameDeploymentWithBackoff()
    {
        var provider = new ScriptedProvider("a");
        var failures = 2;
        provider.Failure = () => failures-- > 0 ? Status(503) : null;
        var router = Router(new ResilienceOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromSeconds(1) }, new ModelRoute("a", provider));

        var answering = router.CompleteAsync(Call(), Request("a"));
        while (!answering.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal("from a", (await answering).Choices.Single().Message.Content);
        Assert.Equal(3, provider.Calls);
    }

    [Fact]
    public async Task EveryAttemptRateLimited_IsA429CarryingTheShortestRetryAfter()
    {
        var provider = new ScriptedProvider("a");
        var waits = new Queue<TimeSpan>([TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(40)]);
        provider.Failure = () => new ChatCompletionException(ChatErrorKind.UpstreamFailed, "HTTP 429") { UpstreamStatus = 429, RetryAfter = waits.Dequeue() };
        var router = Router(new ResilienceOptions { MaxRetries = 1, RetryDelay = TimeSpan.Zero }, new ModelRoute("a", provider));

        // Both waits are beyond MaxRetryAfter (10 s): the router does not wait, and the caller learns how long to.
        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));

        Assert.Equal(1, provider.Calls);
        Assert.Equal(ChatErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(50), error.RetryAfter);
        Assert.Equal("No deployment of 'a' answered. Tried: a: HTTP 429 after 0 ms.", error.Message);
    }

    [Fact]
    public async Task CallersOwn400_IsRelayedAsIs_NeitherRetriedNorCountedAsFailure()
    {
        var provider = new ScriptedProvider("a");
        var refusal = new ChatCompletionException(ChatErrorKind.BadRequest, "too long") { UpstreamStatus = 400, Code = "context_length_exceeded" };
        provider.Failure = () => refusal;
        var router = Router(new ResilienceOptions { MaxRetries = 2 }, new ModelRoute("a", provider));

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));

        Assert.Same(refusal, error);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task Breaker_OpensAfterFailures_KeepsTheDeploymentOut_AndClosesAfterTheBreak()
    {
        var provider = new ScriptedProvider("a");
        provider.Failure = () => Status(500);
        var router = Router(new ResilienceOptions { MaxRetries = 0, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakerBreakDuration = TimeSpan.FromSeconds(30) }, new ModelRoute("a", provider));

        await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));
        await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));
        Assert.Equal(2, provider.Calls);

        // Open: the deployment is not called at all.
        var open = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));
        Assert.Equal(2, provider.Calls);
        Assert.Equal("No deployment of 'a' answered. Tried: a: circuit open, not called.", open.Message);

        // Still open just before the break ends.
        _time.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(Call(), Request("a")));
        Assert.Equal(2, provider.Calls);

        // Half-open after the break: one trial call, which succeeds and closes the breaker.
        _time.Advance(TimeSpan.FromSeconds(2));
        provider.Failure = static () => null;
        await router.CompleteAsync(Call(), Request("a"));
        await router.CompleteAsync(Call(), Request("a"));
        Assert.Equal(4, provider.Calls);
    }

    [Fact]
    public async Task StreamFailingBeforeItsFirstChunk_FailsOverToTheNextModel()
    {
        var broken = new ScriptedProvider("broken") { Failure = () => Status(502) };
        var healthy = new ScriptedProvider("healthy");
        var router = RouterWithFallback(broken, healthy);

        var chunks = await router.StreamAsync(Call(), Request("primary")).ToListAsync();

        Assert.Equal("from healthy", string.Concat(chunks.Select(static c => c.Choices.SingleOrDefault()?.Delta.Content)));
        Assert.Equal(1, broken.Calls);
    }

    [Fact]
    public async Task StreamFailingAfterItsFirstChunk_IsNeverRetriedNorFailedOver()
    {
        var broken = new ScriptedProvider("broken") { FailAfterChunks = 1 };
        var healthy = new ScriptedProvider("healthy");
        var router = RouterWithFallback(broken, healthy);
        var received = new List<ChatCompletionChunk>();

        var error = await Assert.ThrowsAsync<ChatCompletionException>(async () =>
        {
            await foreach (var chunk in router.StreamAsync(Call(), Request("primary")))
            {
                received.Add(chunk);
            }
        });

        Assert.Equal("broken died mid-stream.", error.Message);
        Assert.Single(received);
        Assert.Equal(1, broken.Calls);
        Assert.Equal(0, healthy.Calls);
    }

    [Fact]
    public async Task StreamWithIncludeUsage_FromAProviderWithout_EndsWithAnEstimatedUsageChunk()
    {
        var router = Router(routes: new ModelRoute("a", new ScriptedProvider("a")));
        var request = StreamAskingForUsage("a");
        var call = Call();

        var chunks = await router.StreamAsync(call, request).ToListAsync();

        var usage = chunks[^1];
        Assert.Empty(usage.Choices);
        Assert.Equal("chatcmpl-a", usage.Id);
        // The deltas are counted as one text, as the model wrote them.
        Assert.Equal(s_usage.CountText("from a", default), usage.Usage.CompletionTokens);
        Assert.Equal(s_usage.CountPrompt(request, default), usage.Usage.PromptTokens);
        Assert.True(call.UsageEstimated);
    }

    [Fact]
    public async Task StreamWithIncludeUsage_FromAProviderThatReportsIt_EndsWithItsUsage_AndNeverLoadsTheTokenizer()
    {
        var tokenizer = new Lazy<Microsoft.ML.Tokenizers.Tokenizer>(() => GatewayTokenizer.Loader.Value);
        var router = Router(new UsageEstimator(tokenizer), new ModelRoute("a", new ScriptedProvider("a") { ReportsUsage = true }));
        var request = StreamAskingForUsage("a");
        var call = Call();

        var chunks = await router.StreamAsync(call, request).ToListAsync();

        Assert.Equal(ScriptedProvider.Usage, chunks[^1].Usage);
        Assert.Single(chunks, chunk => chunk.Usage is not null);
        Assert.False(call.UsageEstimated);
        Assert.False(tokenizer.IsValueCreated);
    }

    [Fact]
    public async Task StreamWithIncludeUsage_CutShort_IsChargedTheTokensOfTheDeltasItSent()
    {
        var router = Router(routes: new ModelRoute("a", new ScriptedProvider("a")));
        var request = StreamAskingForUsage("a");
        var call = Call();

        await foreach (var chunk in router.StreamAsync(call, request))
        {
            Assert.Equal("from ", chunk.Choices[0].Delta.Content);
            break;
        }

        Assert.Equal(s_usage.CountText("from ", default), call.StreamedCompletionTokens);
    }

    [Fact]
    public async Task StreamWithIncludeUsage_PastThePendingLimit_IsCountedAsItPasses()
    {
        var longPiece = new string('a', StreamUsage.PendingCharsLimit);
        var router = Router(routes: new ModelRoute("long", new ScriptedProvider(longPiece)));
        var request = StreamAskingForUsage("long");
        var call = Call();
        var countedBeforeTheEnd = new List<int>();

        await foreach (var chunk in router.StreamAsync(call, request))
        {
            countedBeforeTheEnd.Add(call.StreamedCompletionTokens);
        }

        var all = s_usage.CountText("from " + longPiece, default);
        // Nothing counted while under the limit; everything once the second delta took the text past it.
        Assert.Equal([0, all, all, all], countedBeforeTheEnd);
    }

    [Fact]
    public void WeightedChoice_PutsEachDeploymentFirstInProportionToItsWeight()
    {
        var heavy = Deployment("heavy", 3);
        var light = Deployment("light", 1);
        var random = new Random(1234);
        var firsts = 0;

        for (var i = 0; i < 40_000; i++)
        {
            if (WeightedOrder.Arrange([heavy, light], random)[0] == heavy)
            {
                firsts++;
            }
        }

        Assert.InRange(firsts / 40_000.0, 0.74, 0.76);
    }

    private ModelRouter RouterWithFallback(ScriptedProvider primary, ScriptedProvider fallback)
    {
        // Fallbacks are configured models; the test's providers stand in for their HTTP deployments.
        var factory = new StubProviderFactory(new Dictionary<string, IChatCompletionProvider> { ["primary"] = primary, ["fallback"] = fallback });
        var options = new RoutingOptions();
        options.Resilience.MaxRetries = 0;
        options.Providers["p"] = new ProviderOptions { Kind = "OpenAI", BaseUrl = "http://127.0.0.1:1/v1" };
        var first = new ModelOptions { Name = "primary" };
        first.Deployments.Add(new DeploymentOptions { Provider = "p", Model = "primary" });
        first.Fallbacks.Add("fallback");
        var second = new ModelOptions { Name = "fallback" };
        second.Deployments.Add(new DeploymentOptions { Provider = "p", Model = "fallback" });
        options.Models.Add(first);
        options.Models.Add(second);
        return new ModelRouter(options, [], factory, s_usage, _time, NullLogger.Instance);
    }

    private static Deployment Deployment(string label, int weight) =>
        new(label, new NeverCalledProvider(), weight, TimeSpan.FromMinutes(1), null, [], Polly.ResiliencePipeline.Empty, new Polly.CircuitBreaker.CircuitBreakerStateProvider(), "custom", null);
}
