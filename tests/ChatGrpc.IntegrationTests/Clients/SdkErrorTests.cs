using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Errors;
using OpenAI;
using OpenAI.Chat;

namespace ChatGrpc.IntegrationTests.Clients;

/// <summary>
/// Every error reaches the official SDKs' users with the server's own message and code: the openai npm package in
/// its current (7.x) and previous (6.x) major versions, and the OpenAI .NET SDK.
/// </summary>
public sealed class SdkErrorTests(FailingServerFixture server) : IClassFixture<FailingServerFixture>
{
    public static TheoryData<string> Packages => [NodeOpenAiSdk.Current, NodeOpenAiSdk.Previous];

    private static readonly string UnknownModelMessage = "The model 'gpt-nothing' does not exist or is not served by this gateway. Served models: ";

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task UnknownModel_ShowsTheMessageCodeAndParam(string package)
    {
        var error = (await NodeOpenAiSdk.RunAsync(server, package, "failure", "gpt-nothing", "unary"))["error"]!;

        Assert.Equal("NotFoundError", (string?)error["name"]);
        Assert.Equal(404, (int)error["status"]!);
        Assert.Contains(UnknownModelMessage, (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("model_not_found", (string?)error["code"]);
        Assert.Equal("model", (string?)error["param"]);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task InvalidRequest_ShowsTheFirstProblemAndHowManyThereAre(string package)
    {
        var error = (await NodeOpenAiSdk.RunAsync(server, package, "invalidSeen"))["error"]!;

        Assert.Equal("UnprocessableEntityError", (string?)error["name"]);
        Assert.Equal(422, (int)error["status"]!);
        Assert.Contains("messages: List should have at least 1 item after validation, not 0 (and 1 more problem)", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("too_short", (string?)error["code"]);
        Assert.Equal("messages", (string?)error["param"]);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task WrongApiKey_ShowsIncorrectApiKey(string package)
    {
        // The SDK sends its apiKey ('wrong') as a Bearer token: a key that is not configured.
        var error = (await NodeOpenAiSdk.RunAsync(server, package, "unauthenticatedSeen"))["error"]!;

        Assert.Equal("AuthenticationError", (string?)error["name"]);
        Assert.Contains(ChatGrpc.Server.Auth.SignInRefusal.IncorrectApiKeyDetail, (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("unauthenticated", (string?)error["code"]);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task UpstreamFailure_IsA502WithItsMessage(string package)
    {
        var unary = (await NodeOpenAiSdk.RunAsync(server, package, "failure", FailingServerFixture.FailsAtOnce, "unary"))["error"]!;
        var stream = (await NodeOpenAiSdk.RunAsync(server, package, "failure", FailingServerFixture.FailsAtOnce, "stream"))["error"]!;

        foreach (var error in new[] { unary, stream })
        {
            Assert.Equal(502, (int)error["status"]!);
            Assert.Contains("No deployment of 'fails-at-once' answered. Tried: fails-at-once: ", (string?)error["message"], StringComparison.Ordinal);
            Assert.Equal("upstream_failed", (string?)error["code"]);
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task OrdinaryException_IsA500ThatTellsNothingOfIt(string package)
    {
        var unary = (await NodeOpenAiSdk.RunAsync(server, package, "failure", FailingServerFixture.CrashesAtOnce, "unary"))["error"]!;
        var stream = (await NodeOpenAiSdk.RunAsync(server, package, "failure", FailingServerFixture.CrashesAtOnce, "stream"))["error"]!;

        foreach (var error in new[] { unary, stream })
        {
            Assert.Equal("InternalServerError", (string?)error["name"]);
            Assert.Contains(ChatErrors.InternalMessage, (string?)error["message"], StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", error.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal("internal_error", (string?)error["code"]);
        }
    }

    [Theory]
    [InlineData(NodeOpenAiSdk.Current, FailingServerFixture.FailsMidStream, FailingProvider.Message, "upstream_failed")]
    [InlineData(NodeOpenAiSdk.Previous, FailingServerFixture.FailsMidStream, FailingProvider.Message, "upstream_failed")]
    [InlineData(NodeOpenAiSdk.Current, FailingServerFixture.CrashesMidStream, ChatErrors.InternalMessage, "internal_error")]
    [InlineData(NodeOpenAiSdk.Previous, FailingServerFixture.CrashesMidStream, ChatErrors.InternalMessage, "internal_error")]
    public async Task FailureMidStream_IsThrownByTheStreamWithTheServersMessage(string package, string model, string message, string code)
    {
        var error = (await NodeOpenAiSdk.RunAsync(server, package, "failure", model, "stream"))["error"]!;

        Assert.Contains(message, (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(code, (string?)error["code"]);
        Assert.DoesNotContain("hunter2", error.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-nothing", 404, "model_not_found")]
    [InlineData(FailingServerFixture.FailsAtOnce, 502, "upstream_failed")]
    [InlineData(FailingServerFixture.CrashesAtOnce, 500, "internal_error")]
    public async Task DotNetSdk_ShowsTheServersMessageAndCode(string model, int status, string code)
    {
        var options = new OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress, RetryPolicy = new ClientRetryPolicy(0) };
        options.AddPolicy(new BasicAuthorizationPolicy(ChatGrpcServerFixture.BasicAuthorization()), PipelinePosition.BeforeTransport);
        var client = new ChatClient(model, new ApiKeyCredential("replaced-by-basic-auth"), options);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(status, error.Status);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!;
        Assert.Contains((string)body["error"]!["message"]!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
