using System.ClientModel;
using System.ClientModel.Primitives;
using ChatGrpc.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace ChatGrpc.IntegrationTests.Clients;

/// <summary>The official OpenAI .NET SDK, pointed at /api/v1/openai with a Basic Authorization header.</summary>
[Collection(SharedServer.Name)]
public sealed class DotNetOpenAiSdkTests(ChatGrpcServerFixture server)
{
    private const string Echo = "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: ";

    private ChatClient CreateClient(string authorization)
    {
        var options = new OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress, NetworkTimeout = TimeSpan.FromSeconds(30), RetryPolicy = new ClientRetryPolicy(0) };
        options.AddPolicy(new BasicAuthorizationPolicy(authorization), PipelinePosition.BeforeTransport);
        return new ChatClient("chatgrpc-dev", new ApiKeyCredential("replaced-by-basic-auth"), options);
    }

    [Fact]
    public async Task CompleteChat_ReturnsTheDevelopmentModelsAnswer()
    {
        ChatCompletion completion = await CreateClient(ChatGrpcServerFixture.BasicAuthorization()).CompleteChatAsync([new UserChatMessage("Hello from .NET")]);

        Assert.Equal(Echo + "Hello from .NET", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task CompleteChatStreaming_ParsesEveryUpdateAndUsage()
    {
        var client = CreateClient(ChatGrpcServerFixture.BasicAuthorization());
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Stream from .NET")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(updates > 3);
        Assert.Equal(Echo + "Stream from .NET", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [Fact]
    public async Task ForcedFunctionTool_ReturnsAToolCall()
    {
        var tool = ChatTool.CreateFunctionTool(
            "get_weather",
            "Current weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };

        ChatCompletion completion = await CreateClient(ChatGrpcServerFixture.BasicAuthorization()).CompleteChatAsync([new UserChatMessage("Weather in Paris?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(System.Text.Json.JsonValueKind.String, System.Text.Json.JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").ValueKind);
    }

    [Fact]
    public async Task WrongPassword_IsRejectedWith401()
    {
        var client = CreateClient(ChatGrpcServerFixture.BasicAuthorization(password: "wrong"));

        var error = await Assert.ThrowsAsync<ClientResultException>(async () => await client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, error.Status);
    }
}
