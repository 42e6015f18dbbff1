using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Clients;

/// <summary>
/// buf (from the @bufbuild/buf npm package): the proto passes STANDARD lint, and server reflection lets a client
/// list and call the service with no proto file, as grpcurl users do.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class BufTests(ChatGrpcServerFixture server)
{
    private static Task<ExternalProcess.Result> BufCurlAsync(params string[] arguments)
    {
        var authorization = "Authorization: " + ChatGrpcServerFixture.BasicAuthorization();
        return ExternalProcess.RunAsync(
            RepositoryPaths.Buf,
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "-H", authorization, "--reflect-header", authorization, .. arguments],
            RepositoryPaths.Root);
    }

    [Fact]
    public async Task Lint_PassesWithStandardRules()
    {
        var result = await ExternalProcess.RunAsync(RepositoryPaths.Buf, ["lint"], RepositoryPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Reflection_ListsTheServices()
    {
        var result = await BufCurlAsync("--list-services", server.GrpcAddress.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        var services = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("chatgrpc.v1.ChatService", services);
        Assert.Contains("chatgrpc.v1.OpenAiCompatibleService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Reflection_ListsTheMethods()
    {
        var result = await BufCurlAsync("--list-methods", server.GrpcAddress.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        var methods = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("chatgrpc.v1.ChatService/CreateChatCompletion", methods);
        Assert.Contains("chatgrpc.v1.ChatService/StreamChatCompletion", methods);
    }

    [Fact]
    public async Task Call_WithNoProtoFile_Answers()
    {
        var result = await BufCurlAsync(
            "--data",
            """{"model":"chatgrpc-dev","messages":[{"user":{"content":{"text":"Hello from buf"}}}]}""",
            new Uri(server.GrpcAddress, "chatgrpc.v1.ChatService/CreateChatCompletion").ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        var completion = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(
            "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: Hello from buf",
            (string?)completion["choices"]![0]!["message"]!["content"]);
        Assert.Equal("FINISH_REASON_STOP", (string?)completion["choices"]![0]!["finishReason"]);
    }

    [Fact]
    public async Task Reflection_WithoutCredentials_IsRefused()
    {
        var result = await ExternalProcess.RunAsync(
            RepositoryPaths.Buf,
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services", server.GrpcAddress.ToString()],
            RepositoryPaths.Root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("you are not authenticated", result.StandardError, StringComparison.Ordinal);
    }
}
