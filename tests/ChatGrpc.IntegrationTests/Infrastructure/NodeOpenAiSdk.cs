using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>Runs a scenario of tests/clients/openai-sdk.mjs with one of the installed major versions of the openai npm package.</summary>
internal static class NodeOpenAiSdk
{
    /// <summary>openai 7.x, what <c>npm install openai</c> gives today.</summary>
    public const string Current = "openai";

    /// <summary>openai 6.x, installed under an npm alias.</summary>
    public const string Previous = "openai6";

    public static Task<JsonNode> RunAsync(ChatGrpcServerFixture server, string package, string scenario, params string[] arguments) =>
        RunScenarioAsync(server, package, scenario, new Dictionary<string, string> { ["CHATGRPC_AUTHORIZATION"] = ChatGrpcServerFixture.BasicAuthorization() }, arguments);

    /// <summary>The scenario with the SDK given <paramref name="apiKey"/> as its <c>apiKey</c> and no other credentials.</summary>
    public static Task<JsonNode> RunWithApiKeyAsync(ChatGrpcServerFixture server, string apiKey, string scenario) =>
        RunScenarioAsync(server, Current, scenario, new Dictionary<string, string> { ["CHATGRPC_API_KEY"] = apiKey }, []);

    private static async Task<JsonNode> RunScenarioAsync(ChatGrpcServerFixture server, string package, string scenario, Dictionary<string, string> credentials, string[] arguments)
    {
        var environment = new Dictionary<string, string>(credentials)
        {
            ["CHATGRPC_BASE_URL"] = server.OpenAiBaseAddress.ToString().TrimEnd('/'),
            ["OPENAI_PACKAGE"] = package,
        };
        var result = await ExternalProcess.RunAsync("node", ["openai-sdk.mjs", scenario, .. arguments], RepositoryPaths.Clients, environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!;
    }
}
