using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatGrpc.Tests.Routing;

/// <summary>A model's ExtraFields, and its default by provider kind: what becomes of the request's extra_body.</summary>
public sealed class ExtraFieldTests
{
    private static (ModelRouter Router, ScriptedProvider Provider) Router(string kind, string? mode)
    {
        var provider = new ScriptedProvider("m");
        var options = new RoutingOptions();
        options.Providers["p"] = new ProviderOptions { Kind = kind, BaseUrl = "https://example.com" };
        var model = new ModelOptions { Name = "m", ExtraFields = mode };
        model.Deployments.Add(new DeploymentOptions { Provider = "p", Model = "m" });
        options.Models.Add(model);
        var factory = new StubProviderFactory(new Dictionary<string, IChatCompletionProvider> { ["m"] = provider }, []);
        return (new ModelRouter(options, [], factory, new UsageEstimator(), TimeProvider.System, NullLogger.Instance), provider);
    }

    private static CreateChatCompletionRequest Request(string key = "top_k") => new()
    {
        Model = "m",
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
        ExtraBody = new Struct { Fields = { [key] = Value.ForNumber(5) } },
    };

    [Theory]
    [InlineData("OpenAI", null)]
    [InlineData("AzureOpenAI", "Pass")]
    public async Task Pass_SendsThemUpstream(string kind, string? mode)
    {
        var (router, provider) = Router(kind, mode);
        var call = new CallContext("u", "r", CallTransport.Rest, default);

        await router.CompleteAsync(call, Request());

        Assert.Equal(5, Assert.Single(provider.Received).ExtraBody.Fields["top_k"].NumberValue);
        Assert.Empty(call.DroppedFields);
    }

    [Theory]
    [InlineData("AzureOpenAI", null)]
    [InlineData("Anthropic", null)]
    [InlineData("OpenAI", "Drop")]
    public async Task Drop_LeavesThemOut_AndNamesThemForTheHeader(string kind, string? mode)
    {
        var (router, provider) = Router(kind, mode);
        var call = new CallContext("u", "r", CallTransport.Rest, default);

        await router.CompleteAsync(call, Request("bad\r\nkey"));

        Assert.Null(Assert.Single(provider.Received).ExtraBody);

        // A caller's key cannot put a line break into a header.
        Assert.Equal(["bad__key"], call.DroppedFields);
    }

    [Fact]
    public async Task Refuse_Is400NamingTheField_AndNothingIsSent()
    {
        var (router, provider) = Router("OpenAI", "Refuse");

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() => router.CompleteAsync(new CallContext("u", "r", CallTransport.Grpc, default), Request()));

        Assert.Equal(ChatErrorKind.BadRequest, error.Kind);
        Assert.Equal("top_k", error.Param);
        Assert.Equal(0, provider.Calls);
    }
}
