using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatGrpc.Tests.Routing;

public sealed class UnsupportedFieldTests
{
    private static readonly RequestField s_logitBias = new("logit_bias", static r => r.LogitBias.Count > 0, static r => r.LogitBias.Clear());

    private static (ModelRouter Router, ScriptedProvider Provider) Router(string mode)
    {
        var provider = new ScriptedProvider("claude");
        var options = new RoutingOptions();
        options.Providers["anthropic"] = new ProviderOptions { Kind = "Anthropic", BaseUrl = "https://api.anthropic.com" };
        var model = new ModelOptions { Name = "claude", UnsupportedFields = mode };
        model.Deployments.Add(new DeploymentOptions { Provider = "anthropic", Model = "claude" });
        options.Models.Add(model);
        var factory = new StubProviderFactory(new Dictionary<string, IChatCompletionProvider> { ["claude"] = provider }, [s_logitBias]);
        return (new ModelRouter(options, [], factory, new UsageEstimator(), TimeProvider.System, NullLogger.Instance), provider);
    }

    private static CreateChatCompletionRequest Request() => new()
    {
        Model = "claude",
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
        LogitBias = { ["50256"] = -100 },
    };

    [Fact]
    public async Task Refuse_Is400NamingTheFieldAndTheModel_AndNothingIsSent()
    {
        var (router, provider) = Router("Refuse");

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(new CallContext("u", "r", CallTransport.Grpc, default), Request()));

        Assert.Equal(ChatErrorKind.BadRequest, error.Kind);
        Assert.Equal("logit_bias", error.Param);
        Assert.Contains("'claude'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'logit_bias'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task Drop_ClearsTheField_AndRecordsItForTheResponseHeader()
    {
        var (router, provider) = Router("drop");
        var call = new CallContext("u", "r", CallTransport.Rest, default);

        await router.CompleteAsync(call, Request());

        Assert.Empty(Assert.Single(provider.Received).LogitBias);
        Assert.Equal(["logit_bias"], call.DroppedFields);
    }

    [Fact]
    public async Task FieldNotSet_IsNeitherRefusedNorDropped()
    {
        var (router, provider) = Router("Refuse");
        var call = new CallContext("u", "r", CallTransport.Rest, default);
        var request = Request();
        request.LogitBias.Clear();

        await router.CompleteAsync(call, request);

        Assert.Equal(1, provider.Calls);
        Assert.Empty(call.DroppedFields);
    }
}
