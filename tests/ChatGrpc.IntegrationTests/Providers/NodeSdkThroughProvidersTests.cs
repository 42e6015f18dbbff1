using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>The official openai npm package through each upstream kind: OpenAI-compatible, Azure OpenAI and Anthropic.</summary>
[Collection(UpstreamServer.Name)]
public sealed class NodeSdkThroughProvidersTests(UpstreamServerFixture server)
{
    private async Task<JsonNode> RunAsync(string scenario, string model)
    {
        var result = await ExternalProcess.RunAsync(
            "node",
            ["openai-sdk.mjs", scenario],
            RepositoryPaths.Clients,
            new Dictionary<string, string>
            {
                ["CHATGRPC_BASE_URL"] = server.OpenAiBaseAddress.ToString().TrimEnd('/'),
                ["CHATGRPC_AUTHORIZATION"] = ChatGrpcServerFixture.BasicAuthorization(),
                ["CHATGRPC_MODEL"] = model,
            });
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!;
    }

    [Theory]
    [InlineData("gpt-ok", "Hello from ok.")]
    [InlineData("azure-model", "Hello from my-deployment.")]
    [InlineData("claude", "Hello from Claude.")]
    public async Task Unary_IsReadByTheSdk(string model, string content)
    {
        var result = await RunAsync("unary", model);

        Assert.Equal(content, (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.True((int)result["usage"]!["total_tokens"]! > 0);
    }

    [Theory]
    [InlineData("gpt-ok")]
    [InlineData("azure-model")]
    [InlineData("claude")]
    public async Task Stream_IsParsedUntilDone_EndingWithUsage(string model)
    {
        var result = await RunAsync("stream", model);

        Assert.Equal(1, (int)result["ids"]!);
        Assert.Equal("assistant", (string?)result["role"]);
        Assert.Equal("Hello world", (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.True((int)result["usage"]!["completion_tokens"]! > 0);
    }
}
