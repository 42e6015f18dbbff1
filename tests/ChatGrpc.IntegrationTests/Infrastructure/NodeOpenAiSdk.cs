using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>Runs a scenario of tests/clients/openai-sdk.mjs with one of the installed major versions of the openai npm package.</summary>
internal static class NodeOpenAiSdk
{
    /// <summary>openai 7.x, what <c>npm install openai</c> gives today.</summary>
    public const string Current = "openai";

    /// <summary>openai 6.x, installed under an npm alias.</summary>
    public const string Previous = "openai6";

    public static async Task<JsonNode> RunAsync(ChatGrpcServerFixture server, string package, string scenario, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(
            "node",
            ["openai-sdk.mjs", scenario, .. arguments],
            RepositoryPaths.Clients,
            new Dictionary<string, string>
            {
                ["CHATGRPC_BASE_URL"] = server.OpenAiBaseAddress.ToString().TrimEnd('/'),
                ["CHATGRPC_AUTHORIZATION"] = ChatGrpcServerFixture.BasicAuthorization(),
                ["OPENAI_PACKAGE"] = package,
            });
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!;
    }
}
