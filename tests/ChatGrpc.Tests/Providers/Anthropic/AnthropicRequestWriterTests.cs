using ChatGrpc.Server.Providers.Anthropic;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.Providers.Anthropic;

public sealed class AnthropicRequestWriterTests
{
    private static string Write(CreateChatCompletionRequest request, bool stream = false) =>
        AnthropicJson.Write(w => AnthropicRequestWriter.Write(w, request, "claude-sonnet-4-5", stream));

    private static ChatMessage User(string text) => new() { User = new UserMessage { Content = new UserContent { Text = text } } };

    [Fact]
    public void Conversation_IsTranslated_SystemLifted_TurnsMerged_ToolsAndChoices()
    {
        var request = new CreateChatCompletionRequest
        {
            Model = "claude",
            Messages =
            {
                new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "Be brief." } } },
                new ChatMessage { Developer = new DeveloperMessage { Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "Use metric units." } } } } } },
                new ChatMessage
                {
                    User = new UserMessage
                    {
                        Content = new UserContent
                        {
                            Parts = new UserContentParts
                            {
                                Parts =
                                {
                                    new UserContentPart { Text = "What is here?" },
                                    new UserContentPart { ImageUrl = new ImageUrl { Url = "data:image/jpeg;base64,/9j/4AAQ" } },
                                    new UserContentPart { ImageUrl = new ImageUrl { Url = "https://example.com/cat.png" } },
                                    new UserContentPart { File = new FileInput { FileData = "data:application/pdf;base64,JVBERi0=", Filename = "a.pdf" } },
                                },
                            },
                        },
                    },
                },
                new ChatMessage
                {
                    Assistant = new AssistantMessage
                    {
                        Content = new AssistantContent { Text = "Checking." },
                        ToolCalls = { new ToolCall { Id = "toolu_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Paris\"}" } } },
                    },
                },
                new ChatMessage { Tool = new ToolMessage { ToolCallId = "toolu_1", Content = new TextContent { Text = "22 C" } } },
                User("Thanks"),
            },
            MaxCompletionTokens = 300,
            Stop = { "END" },
            Temperature = 0.5,
            TopP = 0.9,
            ParallelToolCalls = false,
            SafetyIdentifier = "user-42",
            ToolChoice = new ToolChoice { Mode = ToolChoiceMode.Required },
            Tools =
            {
                new Tool
                {
                    Function = new FunctionDefinition
                    {
                        Name = "get_weather",
                        Description = "Weather by city",
                        Parameters = new Struct { Fields = { ["type"] = Value.ForString("object"), ["properties"] = Value.ForStruct(new Struct { Fields = { ["city"] = Value.ForStruct(new Struct { Fields = { ["type"] = Value.ForString("string") } }) } }) } },
                    },
                },
                new Tool { Function = new FunctionDefinition { Name = "now" } },
            },
        };

        AnthropicJson.Equal(
            """
            {"model":"claude-sonnet-4-5","max_tokens":300,
             "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Use metric units."}],
             "messages":[
               {"role":"user","content":[
                 {"type":"text","text":"What is here?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
                 {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]},
               {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"22 C"}]},{"type":"text","text":"Thanks"}]}],
             "stop_sequences":["END"],"temperature":0.5,"top_p":0.9,
             "tools":[{"name":"get_weather","description":"Weather by city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
                      {"name":"now","input_schema":{"type":"object","properties":{}}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "metadata":{"user_id":"user-42"}}
            """,
            Write(request));
    }

    [Fact]
    public void NoTokenLimit_SendsTheDocumentedDefault_AndStreamWhenStreaming()
    {
        var request = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") }, MaxTokens = 50 };
        var unlimited = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") } };

        AnthropicJson.Equal("""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", Write(request));
        AnthropicJson.Equal(
            $$"""{"model":"claude-sonnet-4-5","max_tokens":{{AnthropicRequestWriter.DefaultMaxTokens}},"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true}""",
            Write(unlimited, stream: true));
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, 1024)]
    [InlineData(ReasoningEffort.Medium, 4096)]
    [InlineData(ReasoningEffort.High, 16384)]
    public void ReasoningEffort_AsksForThinking_WithItsBudgetOnTopOfTheAnswersLimit(ReasoningEffort effort, int budget)
    {
        var request = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") }, MaxCompletionTokens = 100, ReasoningEffort = effort };
        var none = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") }, MaxCompletionTokens = 100, ReasoningEffort = ReasoningEffort.None };

        AnthropicJson.Equal(
            $$"""{"model":"claude-sonnet-4-5","max_tokens":{{100 + budget}},"thinking":{"type":"enabled","budget_tokens":{{budget}}},"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""",
            Write(request));
        AnthropicJson.Equal("""{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", Write(none));
    }

    [Fact]
    public void ExtraBody_IsWrittenAtTheTopLevel()
    {
        var request = new CreateChatCompletionRequest
        {
            Model = "claude",
            Messages = { User("hi") },
            MaxTokens = 50,
            ExtraBody = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["top_k"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(5) } },
        };

        AnthropicJson.Equal("""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"top_k":5}""", Write(request));
    }

    [Theory]
    [InlineData(ToolChoiceMode.None, """{"type":"none"}""")]
    [InlineData(ToolChoiceMode.Auto, """{"type":"auto"}""")]
    public void ToolChoiceModes_AreMapped(ToolChoiceMode mode, string expected)
    {
        var request = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") }, ToolChoice = new ToolChoice { Mode = mode } };

        AnthropicJson.Equal(expected, System.Text.Json.Nodes.JsonNode.Parse(Write(request))!["tool_choice"]!.ToJsonString());
    }

    [Fact]
    public void NamedFunctionChoice_IsAToolChoice()
    {
        var request = new CreateChatCompletionRequest { Model = "claude", Messages = { User("hi") }, ToolChoice = new ToolChoice { Function = new NamedTool { Name = "f" } } };

        AnthropicJson.Equal("""{"type":"tool","name":"f"}""", System.Text.Json.Nodes.JsonNode.Parse(Write(request))!["tool_choice"]!.ToJsonString());
    }

    [Fact]
    public void EveryUnsupportedFieldOfTheEveryFieldRequest_IsDetected()
    {
        var request = Shared.EveryFieldRequest.Proto();

        var named = AnthropicFields.Unsupported.Where(f => f.IsSet(request)).Select(static f => f.Name).ToList();

        Assert.Equal(
            ["audio", "modalities", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "top_logprobs", "n", "seed", "prediction", "response_format",
             "verbosity", "service_tier", "store", "metadata", "prompt_cache_key", "web_search_options", "functions", "function_call", "tools.custom", "tool_choice.allowed_tools",
             "messages.content.input_audio", "messages.content.file.file_id", "messages.function"],
            named);
        foreach (var field in AnthropicFields.Unsupported)
        {
            field.Clear(request);
        }

        Assert.DoesNotContain(AnthropicFields.Unsupported, f => f.IsSet(request));
    }
}
