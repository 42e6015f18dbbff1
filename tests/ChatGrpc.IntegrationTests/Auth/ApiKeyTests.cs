using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatGrpc.IntegrationTests.Access;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = ChatGrpc.V1.ChatMessage;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> beside Basic: the OpenAI SDKs given the key as their <c>api_key</c> and
/// nothing else, gRPC with <c>authorization</c> metadata, and the refusals of a wrong or expired key.
/// </summary>
[Collection(ApiKeyServer.Name)]
public sealed class ApiKeyTests(ApiKeyServerFixture server)
{
    private const string Completions = "api/v1/openai/chat/completions";
    private const string Echo = "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: ";

    [Fact]
    public async Task NodeSdk_WithApiKeyOnly_Unary()
    {
        var result = await NodeOpenAiSdk.RunWithApiKeyAsync(server, ApiKeyServerFixture.Key, "unary");

        Assert.Equal("chat.completion", (string?)result["object"]);
        Assert.Equal(Echo + "Hello from node", (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
    }

    [Fact]
    public async Task NodeSdk_WithApiKeyOnly_Stream()
    {
        var result = await NodeOpenAiSdk.RunWithApiKeyAsync(server, ApiKeyServerFixture.Key, "stream");

        Assert.Equal(Echo + "Stream from node", (string?)result["content"]);
        Assert.Equal("stop", (string?)result["finish_reason"]);
        Assert.Equal(1, (int)result["ids"]!);
        Assert.NotNull(result["usage"]);
    }

    [Fact]
    public async Task NodeSdk_WithWrongApiKey_IsAnAuthenticationError()
    {
        var result = await NodeOpenAiSdk.RunWithApiKeyAsync(server, ApiKey.Create(), "invalidSeen");

        Assert.Equal("AuthenticationError", (string?)result["error"]!["name"]);
        Assert.Equal(401, (int)result["error"]!["status"]!);
    }

    [Fact]
    public async Task DotNetSdk_WithApiKeyOnly_Unary()
    {
        OpenAI.Chat.ChatCompletion completion = await CreateDotNetClient(ApiKeyServerFixture.Key).CompleteChatAsync([new UserChatMessage("Hello from .NET")]);

        Assert.Equal(Echo + "Hello from .NET", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task DotNetSdk_WithApiKeyOnly_Stream()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in CreateDotNetClient(ApiKeyServerFixture.Key).CompleteChatStreamingAsync([new UserChatMessage("Stream from .NET")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(Echo + "Stream from .NET", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task DotNetSdk_WithExpiredApiKey_Is401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => CreateDotNetClient(ApiKeyServerFixture.ExpiredKey).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Grpc_WithBearerMetadata_UnaryAndStream()
    {
        var client = server.CreateChatClient(ApiKeyServerFixture.Bearer(ApiKeyServerFixture.Key));

        var answer = await client.CreateChatCompletionAsync(Request("Hello from gRPC"));
        using var stream = client.StreamChatCompletion(Request("Stream from gRPC"));
        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in stream.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        Assert.Equal(Echo + "Hello from gRPC", answer.Choices.Single().Message.Content);
        Assert.Equal(Echo + "Stream from gRPC", string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta.Content)));
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("expired")]
    [InlineData("not a key")]
    public async Task Grpc_WithWrongOrExpiredKey_IsUnauthenticated(string which)
    {
        var key = which switch
        {
            "wrong" => ApiKey.Create(),
            "expired" => ApiKeyServerFixture.ExpiredKey,
            _ => "sk-not-a-chatgrpc-key",
        };
        var client = server.CreateChatClient(ApiKeyServerFixture.Bearer(key));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(Request("hi")));

        Assert.Equal(new Status(StatusCode.Unauthenticated, SignInRefusal.IncorrectApiKeyDetail), error.Status);
    }

    [Fact]
    public async Task Rest_WithWrongKey_Is401WithABearerChallenge_InTheErrorTablesShape()
    {
        using var client = CreateHttpClient(ApiKey.Create());

        using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"ChatGrpc\", error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unauthenticated, SignInRefusal.IncorrectApiKeyDetail), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Key_ActsAsItsUser_ForAccess()
    {
        using var limited = CreateHttpClient(ApiKeyServerFixture.LimitedKey);
        using var tester = CreateHttpClient(ApiKeyServerFixture.Key);

        using var refused = await limited.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
        using var served = await tester.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Metrics_AcceptAKey_LikeBasic()
    {
        using var withKey = CreateHttpClient(ApiKeyServerFixture.Key);
        using var withWrongKey = CreateHttpClient(ApiKey.Create());

        using var scraped = await withKey.GetAsync("metrics");
        using var refused = await withWrongKey.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer realm=\"ChatGrpc\", error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public void AdminDirectory_NamesTheConfiguredAdmins()
    {
        var admins = server.Services.GetRequiredService<IAdminDirectory>();

        Assert.True(admins.IsAdmin(ChatGrpcServerFixture.UserName));
        Assert.False(admins.IsAdmin(ApiKeyServerFixture.LimitedUser));
        Assert.False(admins.IsAdmin("nobody"));
    }

    private ChatClient CreateDotNetClient(string key)
    {
        // The SDK's own key policy, with nothing added: what a user of the SDK writes.
        var options = new OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress, NetworkTimeout = TimeSpan.FromSeconds(30), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) };
        return new ChatClient("chatgrpc-dev", new ApiKeyCredential(key), options);
    }

    private HttpClient CreateHttpClient(string key)
    {
        var client = server.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static CreateChatCompletionRequest Request(string userText)
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = userText } } });
        return request;
    }
}
