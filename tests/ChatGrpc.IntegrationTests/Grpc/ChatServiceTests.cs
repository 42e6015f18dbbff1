using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Grpc;

/// <summary>ChatService through a real gRPC channel (h2c) to the real server.</summary>
[Collection(SharedServer.Name)]
public sealed class ChatServiceTests(ChatGrpcServerFixture server)
{
    private const string Echo = "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: ";

    private static CreateChatCompletionRequest Request(string userText)
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = userText } } });
        return request;
    }

    [Fact]
    public async Task Unary_AnswersWithTheDevelopmentModel()
    {
        var completion = await server.CreateChatClient().CreateChatCompletionAsync(Request("Hello there"));

        var choice = Assert.Single(completion.Choices);
        Assert.Equal(Echo + "Hello there", choice.Message.Content);
        Assert.Equal(FinishReason.Stop, choice.FinishReason);
        Assert.Equal("chatgrpc-dev", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.True(completion.Usage.PromptTokens > 0);
        Assert.Equal(completion.Usage.PromptTokens + completion.Usage.CompletionTokens, completion.Usage.TotalTokens);
    }

    [Fact]
    public async Task Stream_DeliversRoleThenContentThenFinishAndUsage()
    {
        var request = Request("stream me");
        request.StreamOptions = new StreamOptions { IncludeUsage = true };
        using var call = server.CreateChatClient().StreamChatCompletion(request);

        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count >= 4, $"only {chunks.Count} chunks");
        Assert.Equal(ChatRole.Assistant, chunks[0].Choices[0].Delta.Role);
        Assert.Single(chunks.Select(c => c.Id).Distinct());
        Assert.Single(chunks.Select(c => c.Created).Distinct());
        var text = string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta.Content));
        Assert.Equal(Echo + "stream me", text);
        Assert.Equal(FinishReason.Stop, chunks[^2].Choices.Single().FinishReason);
        Assert.Empty(chunks[^1].Choices);
        Assert.True(chunks[^1].Usage.CompletionTokens > 0);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task EveryMessageVariant_IsAcceptedAndTheLastUserMessageAnswered()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { Developer = new DeveloperMessage { Content = new TextContent { Text = "dev rules" } } });
        request.Messages.Add(new ChatMessage { System = new SystemMessage { Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "sys" } } } } } });
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "first" }, Name = "ann" } });
        request.Messages.Add(new ChatMessage
        {
            Assistant = new AssistantMessage
            {
                ToolCalls = { new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "lookup", Arguments = "{}" } } },
            },
        });
        request.Messages.Add(new ChatMessage { Tool = new ToolMessage { ToolCallId = "call_1", Content = new TextContent { Text = "42" } } });
        request.Messages.Add(new ChatMessage { Function = new FunctionMessage { Name = "legacy", Content = "old" } });
        var parts = new UserContentParts { Parts = { new UserContentPart { Text = "what is" }, new UserContentPart { Text = "this?" } } };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Parts = parts } } });

        var completion = await server.CreateChatClient().CreateChatCompletionAsync(request);

        Assert.Equal(Echo + "what is this?", completion.Choices.Single().Message.Content);
    }

    [Fact]
    public async Task ForcedTool_AnswersWithAToolCall()
    {
        var request = Request("weather in Paris?");
        request.Tools.Add(new Tool
        {
            Function = new FunctionDefinition
            {
                Name = "get_weather",
                Parameters = Struct.Parser.ParseJson("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
            },
        });
        request.ToolChoice = new ToolChoice { Function = new NamedTool { Name = "get_weather" } };

        var choice = (await server.CreateChatClient().CreateChatCompletionAsync(request)).Choices.Single();

        Assert.Equal(FinishReason.ToolCalls, choice.FinishReason);
        var call = Assert.Single(choice.Message.ToolCalls);
        Assert.Equal("get_weather", call.Function.Name);
        Assert.Equal(Value.KindOneofCase.StringValue, Struct.Parser.ParseJson(call.Function.Arguments).Fields["city"].KindCase);
    }

    [Fact]
    public async Task InvalidRequest_IsInvalidArgumentWithFieldViolations()
    {
        var request = Request("hi");
        request.Temperature = 3;
        request.Messages.Add(new ChatMessage());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(
            [("body.messages.1", "union_tag_not_found", "Unable to extract tag using discriminator 'role'"), ("body.temperature", "less_than_equal", "Input should be less than or equal to 2")],
            violations.Select(v => (v.Field, v.Reason, v.Description)));
    }

    [Fact]
    public async Task StreamOptionsOnUnary_AreRefused()
    {
        var request = Request("hi");
        request.StreamOptions = new StreamOptions { IncludeUsage = true };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal("value_error", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Reason);
    }

    [Fact]
    public async Task UnknownModel_IsNotFound()
    {
        var request = Request("hi");
        request.Model = "gpt-nothing";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("gpt-nothing", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic !!!notbase64")]
    public async Task MissingOrMalformedCredentials_AreUnauthenticated(string? authorization)
    {
        var client = authorization is null ? new ChatService.ChatServiceClient(server.Channel) : server.CreateChatClient(authorization);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(Request("hi")));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Not authenticated", error.Status.Detail);
    }

    [Fact]
    public async Task WrongPassword_IsUnauthenticatedOnStreamsToo()
    {
        var client = server.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization(password: "wrong"));
        using var call = client.StreamChatCompletion(Request("hi"));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Incorrect username or password", error.Status.Detail);
    }

    [Fact]
    public async Task HealthService_AnswersWithoutCredentials()
    {
        var health = new global::Grpc.Health.V1.Health.HealthClient(server.Channel);

        var reply = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
