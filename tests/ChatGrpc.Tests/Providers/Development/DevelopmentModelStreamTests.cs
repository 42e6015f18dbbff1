using System.Text;
using ChatGrpc.V1;
using static ChatGrpc.Tests.Providers.Development.DevelopmentModelRequests;

namespace ChatGrpc.Tests.Providers.Development;

public sealed class DevelopmentModelStreamTests
{
    private const string Greeting = "Hello, gateway!";
    private const string GreetingReply = Introduction + " You said: " + Greeting;

    [Fact]
    public async Task Stream_SendsRoleThenOneDeltaPerTokenThenFinishReason()
    {
        var chunks = await CollectAsync(Provider().StreamAsync(UserRequest(Greeting), CancellationToken.None));

        var replyTokens = Tokenizer.EncodeToTokens(GreetingReply, out _);
        var expected = new List<ChatCompletionChunk> { Chunk(chunks[0].Id, new ChatCompletionDelta { Role = ChatRole.Assistant, Content = "" }) };
        expected.AddRange(replyTokens.Select(token => Chunk(chunks[0].Id, new ChatCompletionDelta { Content = token.Value })));
        expected.Add(Chunk(chunks[0].Id, new ChatCompletionDelta(), FinishReason.Stop));
        Assert.Equal(expected, chunks);
        Assert.Matches("^chatcmpl-[0-9a-f]{32}$", chunks[0].Id);
    }

    public static TheoryData<string, CreateChatCompletionRequest> Requests()
    {
        var limited = UserRequest(Greeting);
        limited.MaxCompletionTokens = 6;
        var stopped = UserRequest(Greeting);
        stopped.Stop.Add("model");
        var multibyte = UserRequest("héllo 😀 世界 👨‍👩‍👧 ok");
        var multibyteCutInsideEmoji = UserRequest("👨‍👩‍👧👨‍👩‍👧");
        multibyteCutInsideEmoji.MaxCompletionTokens = Tokenizer.CountTokens(Introduction + " You said:") + 2;
        var choices = UserRequest(Greeting);
        choices.N = 3;
        var tool = WeatherToolRequest(new ToolChoice { Function = new NamedTool { Name = "get_weather" } });
        tool.N = 2;
        var function = UserRequest(Greeting);
        function.Functions.Add(FunctionTool("get_weather", WeatherParameters).Function);
        function.FunctionCall = new FunctionCallChoice { Function = new NamedTool { Name = "get_weather" } };
        var emptyAfterStop = UserRequest(Greeting);
        emptyAfterStop.Stop.Add("This");
        return new()
        {
            { "plain", UserRequest(Greeting) },
            { "token limit", limited },
            { "stop sequence", stopped },
            { "multibyte characters", multibyte },
            { "token limit inside an emoji", multibyteCutInsideEmoji },
            { "three choices", choices },
            { "tool call, two choices", tool },
            { "deprecated function call", function },
            { "empty reply", emptyAfterStop },
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Stream_AgreesWithUnaryAnswer(string description, CreateChatCompletionRequest request)
    {
        var provider = Provider();
        var completion = await provider.CompleteAsync(request, CancellationToken.None);
        request.StreamOptions = new StreamOptions { IncludeUsage = true };

        var chunks = await CollectAsync(provider.StreamAsync(request, CancellationToken.None));

        Assert.True(chunks.TrueForAll(chunk => chunk.Id == chunks[0].Id && chunk.Created == completion.Created), description);
        Assert.Equal(completion.Choices, Reassemble(chunks, completion.Choices.Count));
        Assert.Equal(completion.Usage, chunks[^1].Usage);
        Assert.Empty(chunks[^1].Choices);
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        var request = UserRequest(Greeting);
        request.StreamOptions = new StreamOptions { IncludeUsage = false };

        var chunks = await CollectAsync(Provider().StreamAsync(request, CancellationToken.None));

        Assert.All(chunks, chunk => Assert.Null(chunk.Usage));
        Assert.Equal(FinishReason.Stop, Assert.Single(chunks[^1].Choices).FinishReason);
    }

    [Fact]
    public async Task Stream_ToolCall_SendsIdAndNameFirstThenArgumentsThenToolCallsFinish()
    {
        var request = WeatherToolRequest(new ToolChoice { Function = new NamedTool { Name = "get_weather" } });

        var chunks = await CollectAsync(Provider().StreamAsync(request, CancellationToken.None));

        var first = Assert.Single(chunks[0].Choices).Delta;
        var toolCall = Assert.Single(first.ToolCalls);
        Assert.Matches("^call_[0-9a-f]{24}$", toolCall.Id);
        Assert.Equal(
            new ChatCompletionDelta
            {
                Role = ChatRole.Assistant,
                ToolCalls = { new ToolCallDelta { Index = 0, Id = toolCall.Id, Function = new FunctionCallDelta { Name = "get_weather", Arguments = "" } } },
            },
            first);
        Assert.All(chunks[1..^1], chunk =>
        {
            var delta = Assert.Single(chunk.Choices).Delta;
            Assert.Equal(0, Assert.Single(delta.ToolCalls).Index);
            Assert.False(delta.HasRole || delta.HasContent || delta.ToolCalls[0].HasId || delta.ToolCalls[0].Function.HasName);
        });
        Assert.Equal(WeatherArguments, string.Concat(chunks[1..^1].Select(chunk => chunk.Choices[0].Delta.ToolCalls[0].Function.Arguments)));
        Assert.Equal(Chunk(chunks[0].Id, new ChatCompletionDelta(), FinishReason.ToolCalls), chunks[^1]);
    }

    [Fact]
    public async Task Stream_Choices_FollowOneAnotherEachWithItsOwnIndex()
    {
        var request = UserRequest(Greeting);
        request.N = 2;

        var chunks = await CollectAsync(Provider().StreamAsync(request, CancellationToken.None));

        var indexes = chunks.Select(chunk => Assert.Single(chunk.Choices).Index).ToList();
        var perChoice = Tokenizer.CountTokens(GreetingReply) + 2;
        Assert.Equal(Enumerable.Repeat(0, perChoice).Concat(Enumerable.Repeat(1, perChoice)), indexes);
    }

    [Fact]
    public async Task Stream_CancelledDuringTokenDelay_StopsPromptly()
    {
        using var cancellation = new CancellationTokenSource();
        await using var stream = Provider(tokenDelay: TimeSpan.FromHours(1)).StreamAsync(UserRequest(Greeting), cancellation.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        var next = stream.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stream_CancelledBetweenChunks_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await using var stream = Provider().StreamAsync(UserRequest(Greeting), cancellation.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.MoveNextAsync());
    }

    [Fact]
    public async Task Stream_TokenDelay_WaitsThroughInjectedTimeProviderOncePerToken()
    {
        var clock = new RecordingTimeProvider(Now);

        var chunks = await CollectAsync(Provider(tokenDelay: TimeSpan.FromMilliseconds(1), timeProvider: clock).StreamAsync(UserRequest(Greeting), CancellationToken.None));

        Assert.Equal(Tokenizer.CountTokens(GreetingReply), clock.TimersCreated);
        Assert.Equal(GreetingReply, string.Concat(chunks.Select(chunk => chunk.Choices[0].Delta.Content)));
    }

    private static ChatCompletionChunk Chunk(string id, ChatCompletionDelta delta, FinishReason finishReason = FinishReason.Unspecified) => new()
    {
        Id = id,
        Created = Now.ToUnixTimeSeconds(),
        Model = "chatgrpc-dev",
        Choices = { new ChatCompletionChunkChoice { Index = 0, Delta = delta, FinishReason = finishReason } },
    };

    // Folds a stream's deltas back into choices as a client would, checking the protocol on the way:
    // the role comes first, the finish reason last, and ids and names only with a call's first delta.
    private static List<ChatCompletionChoice> Reassemble(List<ChatCompletionChunk> chunks, int choiceCount)
    {
        var choices = new List<ChatCompletionChoice>();
        for (var index = 0; index < choiceCount; index++)
        {
            var deltas = chunks.SelectMany(chunk => chunk.Choices).Where(choice => choice.Index == index).ToList();
            Assert.Equal(ChatRole.Assistant, deltas[0].Delta.Role);
            Assert.All(deltas[1..], delta => Assert.False(delta.Delta.HasRole));
            Assert.All(deltas[..^1], delta => Assert.Equal(FinishReason.Unspecified, delta.FinishReason));
            Assert.Equal(new ChatCompletionDelta(), deltas[^1].Delta);

            var message = new ChatCompletionMessage();
            var content = new StringBuilder();
            var arguments = new StringBuilder();
            foreach (var delta in deltas.Select(choice => choice.Delta))
            {
                if (delta.HasContent)
                {
                    content.Append(delta.Content);
                    message.Content = content.ToString();
                }

                foreach (var toolCall in delta.ToolCalls)
                {
                    if (toolCall.HasId)
                    {
                        message.ToolCalls.Add(new ToolCall { Id = toolCall.Id, Function = new FunctionCall { Name = toolCall.Function.Name, Arguments = "" } });
                    }

                    message.ToolCalls[toolCall.Index].Function.Arguments += toolCall.Function.Arguments;
                }

                if (delta.FunctionCall is { } functionCall)
                {
                    message.FunctionCall ??= new FunctionCall { Name = functionCall.Name, Arguments = "" };
                    message.FunctionCall.Arguments += functionCall.Arguments;
                }
            }

            choices.Add(new ChatCompletionChoice { Index = index, Message = message, FinishReason = deltas[^1].FinishReason });
        }

        return choices;
    }
}
