using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.Validation;

public sealed class ChatRequestValidatorTests
{
    private readonly ChatRequestValidator _validator = new();

    internal static CreateChatCompletionRequest ValidRequest()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "Be brief." } } });
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello" } } });
        return request;
    }

    private List<ValidationProblem> Validate(CreateChatCompletionRequest request, string? sourceJson = null)
    {
        var problems = new List<ValidationProblem>();
        using var document = sourceJson is null ? null : JsonDocument.Parse(sourceJson);
        _validator.Validate(request, document?.RootElement, problems);
        ValidationProblemOrder.Sort(problems);
        return problems;
    }

    [Fact]
    public void FullyPopulatedValidRequest_HasNoProblems()
    {
        var request = ValidRequest();
        request.Temperature = 2;
        request.TopP = 0;
        request.N = 128;
        request.Logprobs = true;
        request.TopLogprobs = 20;
        request.Stream = true;
        request.StreamOptions = new StreamOptions { IncludeUsage = true };
        request.Modalities.Add(["text", "audio"]);
        request.Audio = new AudioOutputOptions { Format = AudioFormat.Wav, Voice = "alloy" };
        request.Stop.Add(["a", "b", "c", "d"]);
        request.Metadata.Add(new string('k', 64), new string('v', 512));
        request.LogitBias.Add("50256", -100);
        request.ReasoningEffort = ReasoningEffort.Xhigh;
        request.Tools.Add(new Tool { Function = new FunctionDefinition { Name = "get_weather", Parameters = new Struct() } });
        request.ToolChoice = new ToolChoice { Function = new NamedTool { Name = "get_weather" } };
        request.ResponseFormat = new ResponseFormat { JsonSchema = new JsonSchemaFormat { Name = "answer-1" } };

        Assert.Empty(Validate(request));
    }

    [Fact]
    public void TemperatureAboveTwo_ReportsLessThanEqual()
    {
        var request = ValidRequest();
        request.Temperature = 3.5;

        AssertDetail(
            """[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 2","input":3.5,"ctx":{"le":2.0}}]""",
            Validate(request));
    }

    [Fact]
    public void ValueSentAsString_IsQuotedAsSent()
    {
        var request = ValidRequest();
        request.Temperature = 3.5;

        AssertDetail(
            """[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 2","input":"3.5","ctx":{"le":2.0}}]""",
            Validate(request, """{"model":"chatgrpc-dev","temperature":"3.5","messages":[]}"""));
    }

    [Fact]
    public void NZero_ReportsGreaterThanEqualWithIntegerBound()
    {
        var request = ValidRequest();
        request.N = 0;

        AssertDetail(
            """[{"type":"greater_than_equal","loc":["body","n"],"msg":"Input should be greater than or equal to 1","input":0,"ctx":{"ge":1}}]""",
            Validate(request));
    }

    [Fact]
    public void EmptyMessagesAndModel_ReportTooShortAndStringTooShortInSchemaOrder()
    {
        var request = new CreateChatCompletionRequest();

        AssertDetail(
            """
            [{"type":"too_short","loc":["body","messages"],"msg":"List should have at least 1 item after validation, not 0","input":[],"ctx":{"field_type":"List","min_length":1,"actual_length":0}},
             {"type":"string_too_short","loc":["body","model"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]
            """,
            Validate(request));
    }

    [Fact]
    public void MessageWithoutRole_ReportsUnionTagNotFound()
    {
        var request = ValidRequest();
        request.Messages.Add(new ChatMessage());

        AssertDetail(
            """[{"type":"union_tag_not_found","loc":["body","messages",2],"msg":"Unable to extract tag using discriminator 'role'","input":{},"ctx":{"discriminator":"'role'"}}]""",
            Validate(request));
    }

    [Fact]
    public void UserMessageWithoutContent_ReportsMissingWithTheMessageAsInput()
    {
        var request = ValidRequest();
        request.Messages.Add(new ChatMessage { User = new UserMessage { Name = "ann" } });

        AssertDetail(
            """[{"type":"missing","loc":["body","messages",2,"user","content"],"msg":"Field required","input":{"role":"user","name":"ann"}}]""",
            Validate(request, """{"messages":[{},{},{"role":"user","name":"ann"}]}"""));
    }

    [Fact]
    public void FunctionNameWithSpace_ReportsPatternMismatchUnderTheTypeTag()
    {
        var request = ValidRequest();
        request.Tools.Add(new Tool { Function = new FunctionDefinition { Name = "get weather" } });

        AssertDetail(
            """[{"type":"string_pattern_mismatch","loc":["body","tools",0,"function","function","name"],"msg":"String should match pattern '^[a-zA-Z0-9_-]+$'","input":"get weather","ctx":{"pattern":"^[a-zA-Z0-9_-]+$"}}]""",
            Validate(request));
    }

    [Fact]
    public void FunctionNameWithTrailingNewline_DoesNotMatchThePattern()
    {
        var request = ValidRequest();
        request.Tools.Add(new Tool { Function = new FunctionDefinition { Name = "get_weather\n" } });

        Assert.Equal("string_pattern_mismatch", Assert.Single(Validate(request)).Type);
    }

    [Fact]
    public void FunctionNameOf65Characters_ReportsStringTooLong()
    {
        var request = ValidRequest();
        request.Tools.Add(new Tool { Function = new FunctionDefinition { Name = new string('a', 65) } });

        var problem = Assert.Single(Validate(request));
        Assert.Equal("string_too_long", problem.Type);
        Assert.Equal("String should have at most 64 characters", problem.Message);
    }

    [Fact]
    public void MetadataKeyTooLongAndTooManyPairs_ReportOnlyTheKey()
    {
        var request = ValidRequest();
        for (var i = 0; i < 16; i++)
        {
            request.Metadata.Add($"k{i:D2}", "v");
        }

        request.Metadata.Add(new string('x', 65), "v");

        // Pydantic judges a dict's size after its entries, and only when they are all valid.
        var problem = Assert.Single(Validate(request));
        Assert.Equal("string_too_long", problem.Type);
        Assert.Equal(["metadata", new string('x', 65), "[key]"], problem.Location);
    }

    [Fact]
    public void UnknownModality_ReportsLiteralErrorAtTheItem()
    {
        var request = ValidRequest();
        request.Modalities.Add(["text", "video"]);

        AssertDetail(
            """[{"type":"literal_error","loc":["body","modalities",1],"msg":"Input should be 'text' or 'audio'","input":"video","ctx":{"expected":"'text' or 'audio'"}}]""",
            Validate(request));
    }

    [Fact]
    public void FiveStopSequences_ReportBothMembersOfTheUnion()
    {
        var request = ValidRequest();
        request.Stop.Add(["a", "b", "c", "d", "e"]);

        AssertDetail(
            """
            [{"type":"string_type","loc":["body","stop","str"],"msg":"Input should be a valid string","input":["a","b","c","d","e"]},
             {"type":"too_long","loc":["body","stop","list[str]"],"msg":"List should have at most 4 items after validation, not 5","input":["a","b","c","d","e"],"ctx":{"field_type":"List","max_length":4,"actual_length":5}}]
            """,
            Validate(request));
    }

    [Fact]
    public void NamedToolChoiceWithEmptyName_ReportsUnderTheObjectMember()
    {
        var request = ValidRequest();
        request.ToolChoice = new ToolChoice { Function = new NamedTool { Name = string.Empty } };

        AssertDetail(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":{"type":"function","function":{"name":""}},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"string_too_short","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","function","function","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]
            """,
            Validate(request, """{"tool_choice":{"type":"function","function":{"name":""}}}"""));
    }

    [Fact]
    public void ExplicitlyUnspecifiedEnum_ReportsLiteralError()
    {
        var request = ValidRequest();
        request.ReasoningEffort = ReasoningEffort.Unspecified;

        var problem = Assert.Single(Validate(request));
        Assert.Equal("literal_error", problem.Type);
        Assert.Equal("Input should be 'none', 'minimal', 'low', 'medium', 'high', 'xhigh' or 'max'", problem.Message);
    }

    [Theory]
    [InlineData("top_logprobs", "top_logprobs requires logprobs to be true")]
    [InlineData("modalities", "audio is required when modalities contains 'audio'")]
    [InlineData("stream_options", "stream_options is only allowed when stream is true")]
    public void CrossFieldRule_ReportsValueErrorAtTheBody(string field, string reason)
    {
        var request = ValidRequest();
        switch (field)
        {
            case "top_logprobs":
                request.TopLogprobs = 3;
                break;
            case "modalities":
                request.Modalities.Add("audio");
                break;
            default:
                request.StreamOptions = new StreamOptions { IncludeUsage = true };
                break;
        }

        var problem = Assert.Single(Validate(request));
        Assert.Equal("value_error", problem.Type);
        Assert.Empty(problem.Location);
        Assert.Equal($"Value error, {reason}", problem.Message);
    }

    [Fact]
    public void RuleAboutTheWholeBody_WaitsForEveryFieldToBeValid()
    {
        var request = ValidRequest();
        request.TopLogprobs = 3;
        request.Temperature = -1;

        Assert.Equal(["greater_than_equal"], Validate(request).Select(p => p.Type));
    }

    [Fact]
    public void RulesAboutTheWholeBody_ReportTheFirstThatFails()
    {
        var request = ValidRequest();
        request.TopLogprobs = 3;
        request.Modalities.Add("audio");

        var problem = Assert.Single(Validate(request));
        Assert.Equal("Value error, top_logprobs requires logprobs to be true", problem.Message);
    }

    [Fact]
    public void MetadataTooManyPairs_IsTooLongWhenEveryEntryIsValid()
    {
        var request = ValidRequest();
        for (var i = 0; i < 17; i++)
        {
            request.Metadata.Add($"k{i:D2}", "v");
        }

        var problem = Assert.Single(Validate(request));
        Assert.Equal("Dictionary should have at most 16 items after validation, not 17", problem.Message);
    }

    [Fact]
    public void Problems_AreInSchemaOrderWhateverTheOrderFound()
    {
        var request = ValidRequest();
        request.TopP = 2;
        request.Temperature = 3;
        request.N = 0;
        request.FrequencyPenalty = -3;
        request.Messages.Add(new ChatMessage());

        Assert.Equal(
            ["messages", "frequency_penalty", "n", "temperature", "top_p"],
            Validate(request).Select(p => (string)p.Location[0]));
    }

    private static void AssertDetail(string expected, List<ValidationProblem> problems) => ProblemJson.AssertDetail(expected, problems);
}
