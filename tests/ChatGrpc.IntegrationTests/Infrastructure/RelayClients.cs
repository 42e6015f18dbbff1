using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>Runs a scenario of tests/clients/relay.mjs (the openai npm package, the Vercel AI SDK) against a started gateway.</summary>
internal static class RelayClients
{
    public static async Task<JsonNode> RunAsync(ChatGrpcServerFixture server, string scenario, string model)
    {
        var result = await ExternalProcess.RunAsync(
            "node",
            ["relay.mjs", scenario, model],
            RepositoryPaths.Clients,
            new Dictionary<string, string>
            {
                ["CHATGRPC_BASE_URL"] = server.OpenAiBaseAddress.ToString().TrimEnd('/'),
                ["CHATGRPC_AUTHORIZATION"] = ChatGrpcServerFixture.BasicAuthorization(),
            });
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!;
    }
}
