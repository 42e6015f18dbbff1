using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;
using ChatGrpc.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatGrpc.Tests.Routing;

/// <summary>The one loop behind whole answers and streams: the same failover, fallback and refusals for both.</summary>
public sealed class AttemptLoopTests
{
    private static readonly AttemptLoop s_loop = new(new RequestFieldPolicy(NullLogger.Instance), new AttemptTelemetry(null, null), TimeProvider.System, NullLogger.Instance, new Random(7));

    private static CreateChatCompletionRequest Request(string model) => new()
    {
        Model = model,
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello there" } } } },
    };

    private static CallContext Call() => new("tester", "req-1", CallTransport.Grpc, CancellationToken.None);

    private static ChatCompletionException Status(int status) =>
        new(ChatErrorKind.UpstreamFailed, $"HTTP {status}") { UpstreamStatus = status };

    /// <summary>The model's answer, whole or as the first chunk of its stream, told as its text.</summary>
    private static async Task<string> AnswerAsync(RoutedModel model, CallContext call, bool streaming)
    {
        if (!streaming)
        {
            return (await s_loop.CompleteAsync(call, Request(model.Name), model)).Choices.Single().Message.Content;
        }

        await using var start = await s_loop.OpenStreamAsync(call, Request(model.Name), model);
        return start.First.Choices.Single().Delta.Content;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryDeploymentFailing_MovesOnToTheFallbackModel_AndRecordsWhereItWasServed(bool streaming)
    {
        var models = new ConfiguredModels();
        var first = new ScriptedProvider("first") { Failure = () => Status(500) };
        var second = new ScriptedProvider("second") { Failure = () => Status(502) };
        models.Add("primary", [("first", first), ("second", second)], "fallback");
        models.Add("fallback", new ScriptedProvider("fallback"));
        var table = new RouteTable(models.Options, [], models.Factory, TimeProvider.System, NullLogger.Instance);
        var call = Call();

        var answer = await AnswerAsync(table.Find("primary"), call, streaming);

        Assert.StartsWith("from ", answer, StringComparison.Ordinal);
        Assert.Equal((1, 1), (first.Calls, second.Calls));
        Assert.Equal("p/fallback", call.Record.Deployment);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NothingAnswering_IsOneErrorListingEachAttempt_AndAFallbackThatCannotHonourTheRequest(bool streaming)
    {
        var models = new ConfiguredModels();
        models.Add("primary", new ScriptedProvider("primary") { Failure = () => Status(503) }, "strict");
        models.Add("strict", new ScriptedProvider("strict")).ExtraFields = "Refuse";
        var table = new RouteTable(models.Options, [], models.Factory, TimeProvider.System, NullLogger.Instance);
        var request = Request("primary");
        request.ExtraBody = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["top_k"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(5) } };

        var error = await Assert.ThrowsAsync<ChatCompletionException>(async () =>
        {
            if (streaming)
            {
                await using var start = await s_loop.OpenStreamAsync(Call(), request, table.Find("primary"));
            }
            else
            {
                await s_loop.CompleteAsync(Call(), request, table.Find("primary"));
            }
        });

        Assert.Equal(ChatErrorKind.UpstreamFailed, error.Kind);
        Assert.Matches(@"^No deployment of 'primary' answered\. Tried: p/primary: HTTP 503 after \d+ ms; strict: not tried, its deployments cannot honour 'top_k'\.$", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheCallersOwn400_IsThrownAsIs_WithoutTryingTheFallback(bool streaming)
    {
        var models = new ConfiguredModels();
        var refusing = new ChatCompletionException(ChatErrorKind.BadRequest, "max_tokens is too large") { UpstreamStatus = 400 };
        models.Add("primary", new ScriptedProvider("primary") { Failure = () => refusing }, "fallback");
        var fallback = new ScriptedProvider("fallback");
        models.Add("fallback", fallback);
        var table = new RouteTable(models.Options, [], models.Factory, TimeProvider.System, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => AnswerAsync(table.Find("primary"), Call(), streaming));

        Assert.Same(refusing, error);
        Assert.Equal(0, fallback.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUpstreamAtItsLimit_IsPassedOverWithoutBeingCalled(bool streaming)
    {
        var models = new ConfiguredModels();
        models.Options.Providers["p"].MaxConcurrentCalls = 1;
        models.Options.Providers["spare"] = new ProviderOptions { Kind = "OpenAI", BaseUrl = "http://127.0.0.1:2/v1" };
        var busy = new ScriptedProvider("busy");
        var primary = models.Add("primary", [("busy", busy), ("spare", new ScriptedProvider("spare"))]);
        primary.Deployments[0].Weight = 1_000_000;
        primary.Deployments[1].Provider = "spare";
        var table = new RouteTable(models.Options, [], models.Factory, TimeProvider.System, NullLogger.Instance);
        using var taken = await table.Find("primary").Deployments[0].Limiter!.AcquireAsync();
        var call = Call();

        await AnswerAsync(table.Find("primary"), call, streaming);

        Assert.Equal("spare/spare", call.Record.Deployment);
        Assert.Equal(0, busy.Calls);
    }
}
