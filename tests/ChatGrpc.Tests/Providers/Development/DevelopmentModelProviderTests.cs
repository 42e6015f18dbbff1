using System.Text.Json;
using ChatGrpc.V1;
using static ChatGrpc.Tests.Providers.Development.DevelopmentModelRequests;

namespace ChatGrpc.Tests.Providers.Development;

public sealed class DevelopmentModelProviderTests
{
    private const string Greeting = "Hello, gateway!";
    private const string GreetingReply = Introduction + " You said: " + Greeting;

    [Fact]
    public async Task TextRequest_IntroducesModelAndEchoesLastUserMessage()
    {
        var completion = await Provider().CompleteAsync(Request(User("First question"), User(Greeting)), CancellationToken.None);

        var expected = new ChatCompletion
        {
            Id = completion.Id,
            Created = Now.ToUnixTimeSeconds(),
            Model = "chatgrpc-dev",
            Choices =
            {
                new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = GreetingReply }, FinishReason = FinishReason.Stop },
            },
            Usage = Usage(3 + (3 + 1 + Tokenizer.CountTokens("First question")) + (3 + 1 + Tokenizer.CountTokens(Greeting)), Tokenizer.CountTokens(GreetingReply)),
        };
        Assert.Equal(expected, completion);
        Assert.Matches("^chatcmpl-[0-9a-f]{32}$", completion.Id);
    }

    [Fact]
    public async Task SameRequest_AnswersSameContentUnderNewId()
    {
        var provider = Provider();
        var request = UserRequest(Greeting);

        var first = await provider.CompleteAsync(request, CancellationToken.None);
        var second = await provider.CompleteAsync(request, CancellationToken.None);

        Assert.NotEqual(first.Id, second.Id);
        second.Id = first.Id;
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task UserContentParts_AreEchoedInOrderWithNonTextPartsTagged()
    {
        var content = new UserContent { Parts = new UserContentParts() };
        content.Parts.Parts.Add(new UserContentPart { Text = "Compare" });
        content.Parts.Parts.Add(new UserContentPart { ImageUrl = new ImageUrl { Url = "https://example.com/a.png" } });
        content.Parts.Parts.Add(new UserContentPart { InputAudio = new InputAudio { Data = "UklGRg==", Format = InputAudioFormat.Wav } });
        content.Parts.Parts.Add(new UserContentPart { File = new FileInput { FileId = "file-1", Filename = "report.pdf" } });
        content.Parts.Parts.Add(new UserContentPart { File = new FileInput { FileId = "file-2" } });
        content.Parts.Parts.Add(new UserContentPart { Text = "please." });

        var completion = await Provider().CompleteAsync(Request(new ChatMessage { User = new UserMessage { Content = content } }), CancellationToken.None);

        Assert.Equal(
            new ChatCompletionMessage { Content = Introduction + " You said: Compare [image] [audio: wav] [file: report.pdf] [file] please." },
            completion.Choices[0].Message);
    }

    [Fact]
    public async Task ConversationWithoutUserMessage_SaysThereIsNothingToAnswer()
    {
        var completion = await Provider().CompleteAsync(Request(SystemMessage("Be brief.")), CancellationToken.None);

        Assert.Equal(
            new ChatCompletionMessage { Content = Introduction + " The conversation has no user message to answer." },
            completion.Choices[0].Message);
    }

    [Fact]
    public async Task N_AnswersThatManyIdenticalChoicesAndCountsEachOne()
    {
        var request = UserRequest(Greeting);
        request.N = 3;

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        var message = new ChatCompletionMessage { Content = GreetingReply };
        Assert.Equal(
            [
                new ChatCompletionChoice { Index = 0, Message = message, FinishReason = FinishReason.Stop },
                new ChatCompletionChoice { Index = 1, Message = message, FinishReason = FinishReason.Stop },
                new ChatCompletionChoice { Index = 2, Message = message, FinishReason = FinishReason.Stop },
            ],
            completion.Choices);
        Assert.Equal(Usage(SingleUserMessagePromptTokens(Greeting), 3 * Tokenizer.CountTokens(GreetingReply)), completion.Usage);
    }

    [Theory]
    [InlineData(1L, null)]
    [InlineData(5L, null)]
    [InlineData(null, 7L)]
    [InlineData(4L, 9L)]
    public async Task TokenLimit_CutsReplyToExactlyThatManyTokens(long? maxCompletionTokens, long? maxTokens)
    {
        var request = UserRequest(Greeting);
        if (maxCompletionTokens is { } completionLimit)
        {
            request.MaxCompletionTokens = completionLimit;
        }

        if (maxTokens is { } limit)
        {
            request.MaxTokens = limit;
        }

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        // max_completion_tokens wins; the deprecated max_tokens applies only without it.
        var expectedTokens = (int)(maxCompletionTokens ?? maxTokens)!.Value;
        var expectedContent = Tokenizer.Decode(Tokenizer.EncodeToIds(GreetingReply).Take(expectedTokens));
        var choice = completion.Choices[0];
        Assert.Equal(
            new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = expectedContent }, FinishReason = FinishReason.Length },
            choice);
        Assert.Equal(expectedTokens, Tokenizer.CountTokens(choice.Message.Content));
        Assert.Equal(Usage(SingleUserMessagePromptTokens(Greeting), expectedTokens), completion.Usage);
    }

    [Fact]
    public async Task TokenLimitAboveReplyLength_FinishesWithStop()
    {
        var request = UserRequest(Greeting);
        request.MaxCompletionTokens = Tokenizer.CountTokens(GreetingReply);

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        Assert.Equal(
            new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = GreetingReply }, FinishReason = FinishReason.Stop },
            completion.Choices[0]);
    }

    [Fact]
    public async Task StopSequences_CutReplyBeforeEarliestOccurrence()
    {
        var request = UserRequest(Greeting);
        request.Stop.Add(["model", "ChatGrpc", "not in the reply"]);

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        const string expectedContent = "This is chatgrpc-dev, ";
        Assert.Equal(
            new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = expectedContent }, FinishReason = FinishReason.Stop },
            completion.Choices[0]);
        Assert.Equal(Usage(SingleUserMessagePromptTokens(Greeting), Tokenizer.CountTokens(expectedContent)), completion.Usage);
    }

    [Fact]
    public async Task TokenLimitReachedBeforeStopSequence_FinishesWithLength()
    {
        var request = UserRequest(Greeting);
        request.Stop.Add("You said");
        request.MaxCompletionTokens = 2;

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        Assert.Equal(
            new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = "This is" }, FinishReason = FinishReason.Length },
            completion.Choices[0]);
    }

    [Fact]
    public async Task PromptTokens_FollowOpenAiCountingConvention()
    {
        var toolCall = new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "get_weather", Arguments = """{"city":"Paris"}""" } };
        var request = Request(
            SystemMessage("You are terse."),
            User("Hello!", name: "ana"),
            new ChatMessage { Assistant = new AssistantMessage { ToolCalls = { toolCall } } },
            new ChatMessage { Tool = new ToolMessage { Content = new TextContent { Text = "Sunny" }, ToolCallId = "call_1" } });

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        // Each message: 3 of framing + 1 for its role + its values; a name adds 1; the reply is primed with 3.
        // system "You are terse." (You| are| terse|.)                          3 + 1 + 4     = 8
        // user "Hello!" (Hello|!), name "ana" (ana)                            3 + 1 + 2 + 2 = 8
        // assistant tool call get_weather (get|_weather), {"city":"Paris"} (5) 3 + 1 + 2 + 5 = 11
        // tool "Sunny" (Sunny)                                                 3 + 1 + 1     = 5
        // priming                                                                              3
        Assert.Equal(35, completion.Usage.PromptTokens);
    }

    [Fact]
    public async Task Created_ComesFromInjectedTimeProvider()
    {
        var instant = new DateTimeOffset(2031, 7, 8, 9, 10, 11, TimeSpan.Zero);

        var completion = await Provider(timeProvider: new RecordingTimeProvider(instant)).CompleteAsync(UserRequest(Greeting), CancellationToken.None);

        Assert.Equal(instant.ToUnixTimeSeconds(), completion.Created);
    }

    [Fact]
    public async Task ToolChoiceNamingFunction_CallsItWithArgumentsSatisfyingItsSchema()
    {
        var request = WeatherToolRequest(new ToolChoice { Function = new NamedTool { Name = "get_weather" } });

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        var choice = completion.Choices[0];
        var toolCall = Assert.Single(choice.Message.ToolCalls);
        Assert.Matches("^call_[0-9a-f]{24}$", toolCall.Id);
        var expectedMessage = new ChatCompletionMessage
        {
            ToolCalls = { new ToolCall { Id = toolCall.Id, Function = new FunctionCall { Name = "get_weather", Arguments = WeatherArguments } } },
        };
        Assert.Equal(new ChatCompletionChoice { Index = 0, Message = expectedMessage, FinishReason = FinishReason.ToolCalls }, choice);
        Assert.False(choice.Message.HasContent);
        Assert.Equal(
            Usage(SingleUserMessagePromptTokens("What is the weather in Paris?"), Tokenizer.CountTokens("get_weather") + Tokenizer.CountTokens(WeatherArguments)),
            completion.Usage);
    }

    [Fact]
    public async Task ForcedToolCallArguments_HoldEveryRequiredPropertyWithItsJsonKind()
    {
        var request = WeatherToolRequest(new ToolChoice { Function = new NamedTool { Name = "get_weather" } });

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        using var arguments = JsonDocument.Parse(completion.Choices[0].Message.ToolCalls[0].Function.Arguments);
        var root = arguments.RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("unit").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("days").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("location").ValueKind);
        Assert.Equal("celsius", root.GetProperty("unit").GetString());
        Assert.True(root.GetProperty("days").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("location").GetProperty("lat").ValueKind);
    }

    [Fact]
    public async Task ToolChoiceRequired_CallsFirstFunctionTool()
    {
        var request = WeatherToolRequest(new ToolChoice { Mode = ToolChoiceMode.Required });

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        var choice = completion.Choices[0];
        var expectedMessage = new ChatCompletionMessage
        {
            ToolCalls = { new ToolCall { Id = choice.Message.ToolCalls[0].Id, Function = new FunctionCall { Name = "get_time", Arguments = "{}" } } },
        };
        Assert.Equal(new ChatCompletionChoice { Index = 0, Message = expectedMessage, FinishReason = FinishReason.ToolCalls }, choice);
    }

    [Fact]
    public async Task AllowedToolsRequired_CallsFirstAllowedFunction()
    {
        var allowed = new AllowedTools { Mode = AllowedToolsMode.Required, Tools = { new ToolReference { Function = new NamedTool { Name = "get_weather" } } } };
        var request = WeatherToolRequest(new ToolChoice { AllowedTools = allowed });

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        Assert.Equal("get_weather", completion.Choices[0].Message.ToolCalls[0].Function.Name);
        Assert.Equal(WeatherArguments, completion.Choices[0].Message.ToolCalls[0].Function.Arguments);
    }

    public static TheoryData<ToolChoice?> TextToolChoices => new()
    {
        null,
        new ToolChoice { Mode = ToolChoiceMode.None },
        new ToolChoice { Mode = ToolChoiceMode.Auto },
        new ToolChoice { AllowedTools = new AllowedTools { Mode = AllowedToolsMode.Auto } },
    };

    [Theory]
    [MemberData(nameof(TextToolChoices))]
    public async Task ToolChoiceThatDoesNotForceACall_AnswersWithText(ToolChoice? toolChoice)
    {
        var request = WeatherToolRequest(toolChoice);

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        Assert.Equal(
            new ChatCompletionChoice
            {
                Index = 0,
                Message = new ChatCompletionMessage { Content = Introduction + " You said: What is the weather in Paris?" },
                FinishReason = FinishReason.Stop,
            },
            completion.Choices[0]);
    }

    [Fact]
    public async Task DeprecatedFunctionCallNamingFunction_AnswersWithFunctionCallMessage()
    {
        var request = UserRequest("What is the weather in Paris?");
        request.Functions.Add(FunctionTool("get_weather", WeatherParameters).Function);
        request.FunctionCall = new FunctionCallChoice { Function = new NamedTool { Name = "get_weather" } };

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        var expectedMessage = new ChatCompletionMessage { FunctionCall = new FunctionCall { Name = "get_weather", Arguments = WeatherArguments } };
        Assert.Equal(new ChatCompletionChoice { Index = 0, Message = expectedMessage, FinishReason = FinishReason.FunctionCall }, completion.Choices[0]);
    }

    [Fact]
    public async Task DeprecatedFunctionCallAuto_AnswersWithText()
    {
        var request = UserRequest(Greeting);
        request.Functions.Add(FunctionTool("get_weather", WeatherParameters).Function);
        request.FunctionCall = new FunctionCallChoice { Mode = FunctionCallMode.Auto };

        var completion = await Provider().CompleteAsync(request, CancellationToken.None);

        Assert.Equal(new ChatCompletionMessage { Content = GreetingReply }, completion.Choices[0].Message);
    }

    [Fact]
    public async Task ToolCallId_IsDeterministicAndChangesWithTheConversation()
    {
        var provider = Provider();
        var forced = new ToolChoice { Function = new NamedTool { Name = "get_weather" } };
        var request = WeatherToolRequest(forced);
        var longerConversation = WeatherToolRequest(forced);
        longerConversation.Messages.Insert(0, SystemMessage("Answer in French."));

        var first = (await provider.CompleteAsync(request, CancellationToken.None)).Choices[0].Message.ToolCalls[0].Id;
        var again = (await provider.CompleteAsync(request, CancellationToken.None)).Choices[0].Message.ToolCalls[0].Id;
        var later = (await provider.CompleteAsync(longerConversation, CancellationToken.None)).Choices[0].Message.ToolCalls[0].Id;

        Assert.Equal(first, again);
        Assert.NotEqual(first, later);
    }

    [Fact]
    public async Task CompleteAsync_WithCancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider().CompleteAsync(UserRequest(Greeting), cancellation.Token));
    }

    [Fact]
    public async Task CompleteAsync_WithTokenDelay_StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var completion = Provider(tokenDelay: TimeSpan.FromHours(1)).CompleteAsync(UserRequest(Greeting), cancellation.Token);
        Assert.False(completion.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => completion);
    }
}
