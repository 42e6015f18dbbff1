using ChatGrpc.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.Routing;

public sealed class StartUpValidationTests
{
    [Fact]
    public async Task BrokenProviderConfiguration_StopsStartUp_ListingEveryProblemInOneMessage()
    {
        var error = Assert.Throws<StartupException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Providers:local:Kind"] = "Ollama",
            ["ChatGrpc:Providers:local:BaseUrl"] = "127.0.0.1:11434",
            ["ChatGrpc:Models:0:Name"] = "llama3:8b",
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "lokal",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "llama3:8b",
            ["ChatGrpc:Models:0:Fallbacks:0"] = "gpt-4o",
        })));

        Assert.Equal(
            [
                "ChatGrpc:Providers:local:Kind is 'Ollama': expected OpenAI, AzureOpenAI or Anthropic.",
                "ChatGrpc:Providers:local:BaseUrl '127.0.0.1:11434' is not an absolute http or https URL (e.g. https://api.openai.com/v1).",
                "ChatGrpc:Models:0:Deployments:0:Provider names 'lokal', which is not a configured provider (ChatGrpc:Providers:<name>).",
                "ChatGrpc:Models:0:Fallbacks:0 names 'gpt-4o', which is not a configured model.",
            ],
            error.Problems);
    }

    [Fact]
    public async Task ValidConfiguration_BuildsTheRouterAtStartUp_WithTheConfiguredAndDevelopmentModels()
    {
        await using var app = ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Providers:local:Kind"] = "openai",
            ["ChatGrpc:Providers:local:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["ChatGrpc:Models:0:Name"] = "llama3:8b",
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "local",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "llama3:8b",
            ["ChatGrpc:Development:Enabled"] = "true",
        }));

        await app.StartAsync();
        try
        {
            var router = (Server.Routing.ModelRouter)app.Services.GetService(typeof(Server.Routing.ModelRouter))!;
            Assert.Equal(["chatgrpc-dev", "llama3:8b"], router.Models);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
