using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Clients;

/// <summary>The official openai npm package, pointed at /api/v1/openai, as a user's Node program would use it.</summary>
[Collection(SharedServer.Name)]
public sealed class NodeOpenAiSdkTests(ChatGrpcServerFixture server)
{
    private const string Echo = "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: ";

    private Task<JsonNode> RunAsync(string scenario) => NodeOpenAiSdk.RunAsync(server, NodeOpenAiSdk.Current, scenario);

    [Fact]
    public async Task Unary_IsReadByTheSdk()
    {
        var result = await RunAsync("unary");

        Assert.Equal("chat.completion", (string?)result["object"]);
        Assert.Equal(Echo + "Hello from node", (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.True((int)result["usage"]!["total_tokens"]! > 0);
    }

    [Fact]
    public async Task Stream_IsParsedChunkByChunkUntilDone()
    {
        var result = await RunAsync("stream");

        Assert.True((int)result["chunks"]! > 3);
        Assert.Equal(1, (int)result["ids"]!);
        Assert.Equal("assistant", (string?)result["role"]);
        Assert.Equal(Echo + "Stream from node", (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.True((int)result["usage"]!["completion_tokens"]! > 0);
    }

    [Fact]
    public async Task ForcedTool_GivesAToolCallWithJsonArguments()
    {
        var result = await RunAsync("tools");

        Assert.Equal("tool_calls", (string?)result["finish_reason"]);
        Assert.Null(result["content"]);
        var call = result["tool_calls"]!.AsArray().Single()!;
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        var arguments = JsonNode.Parse((string)call["function"]!["arguments"]!)!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, arguments["city"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, arguments["days"]!.GetValueKind());
    }

    [Fact]
    public async Task SeveralChoices_AreIndexedAndCutAtMaxTokens()
    {
        var result = await RunAsync("choices");

        var choices = result["choices"]!.AsArray();
        Assert.Equal([0, 1, 2], choices.Select(c => (int)c!["index"]!));
        Assert.All(choices, c => Assert.Equal("length", (string?)c!["finish_reason"]));
        Assert.Equal(15, (int)result["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task InvalidRequest_SurfacesAsA422NamingTheFirstProblem()
    {
        var result = await RunAsync("invalid");

        // The SDK keeps the body's "error" object; the full FastAPI detail stays in the raw body.
        Assert.Equal(422, (int)result["status"]!);
        Assert.Equal("too_short", (string?)result["body"]!["code"]);
        Assert.Equal("messages", (string?)result["body"]!["param"]);
    }

    [Fact]
    public async Task BearerKeyInsteadOfBasic_IsAnAuthenticationError()
    {
        var result = await RunAsync("unauthenticated");

        Assert.Equal(401, (int)result["status"]!);
        Assert.Equal("AuthenticationError", (string?)result["name"]);
    }
}
