using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.OpenAi.Reading;

public class FullRequestTests
{
    private const string EveryField = """
        {
          "messages": [
            {"role": "developer", "content": "Be brief.", "name": "dev"},
            {"role": "system", "content": [{"type": "text", "text": "You are helpful."}], "name": "sys"},
            {"role": "user", "name": "ann", "content": [
              {"type": "text", "text": "What is in this image?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}},
              {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
              {"type": "file", "file": {"file_data": "JVBERi0=", "file_id": "file-1", "filename": "a.pdf"}}
            ]},
            {"role": "assistant", "content": [{"type": "text", "text": "Let me check."}, {"type": "refusal", "refusal": "No."}],
             "refusal": "Sorry", "name": "bot", "audio": {"id": "audio-1"},
             "tool_calls": [
               {"id": "call-1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
               {"id": "call-2", "type": "custom", "custom": {"name": "sql", "input": "SELECT 1"}}
             ],
             "function_call": {"name": "legacy", "arguments": "{}"}},
            {"role": "tool", "content": "22 degrees", "tool_call_id": "call-1"},
            {"role": "function", "content": null, "name": "legacy"}
          ],
          "model": "gpt-4o",
          "audio": {"format": "pcm16", "voice": "alloy"},
          "frequency_penalty": -0.5,
          "function_call": {"name": "legacy"},
          "functions": [{"name": "legacy", "description": "Old style", "parameters": {"type": "object"}}],
          "logit_bias": {"50256": -100, "15": 5},
          "logprobs": true,
          "max_completion_tokens": 256,
          "max_tokens": 128,
          "metadata": {"team": "search"},
          "modalities": ["text", "audio"],
          "n": 2,
          "parallel_tool_calls": false,
          "prediction": {"type": "content", "content": [{"type": "text", "text": "draft"}]},
          "presence_penalty": 0.25,
          "reasoning_effort": "xhigh",
          "response_format": {"type": "json_schema", "json_schema": {
            "name": "answer", "description": "The answer", "strict": true,
            "schema": {"type": "object", "properties": {"value": {"type": "number", "minimum": 0.5}, "tags": {"type": "array", "items": {"type": "string"}}},
                       "required": ["value"], "additionalProperties": false, "nullable": null}}},
          "seed": -42,
          "service_tier": "flex",
          "stop": ["\n\n", "END"],
          "store": true,
          "stream": true,
          "stream_options": {"include_usage": true, "include_obfuscation": false},
          "temperature": 0,
          "tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
            {"type": "function", "function": {"name": "get_weather"}}, {"type": "custom", "custom": {"name": "sql"}}]}},
          "tools": [
            {"type": "function", "function": {"name": "get_weather", "description": "Weather by city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}},
            {"type": "custom", "custom": {"name": "sql", "description": "Runs SQL",
              "format": {"type": "grammar", "grammar": {"definition": "start: SELECT", "syntax": "lark"}}}},
            {"type": "custom", "custom": {"name": "notes", "format": {"type": "text"}}}
          ],
          "top_logprobs": 3,
          "top_p": 0.9,
          "user": "user-1",
          "web_search_options": {"search_context_size": "low", "user_location": {"type": "approximate",
            "approximate": {"city": "Paris", "country": "FR", "region": "IDF", "timezone": "Europe/Paris"}}},
          "verbosity": "medium",
          "prompt_cache_key": "cache-1",
          "safety_identifier": "safe-1",
          "an_unknown_key": {"is": "ignored"}
        }
        """;

    [Fact]
    public void EveryField_ReadsIntoTheProto()
    {
        var expected = new CreateChatCompletionRequest
        {
            Messages =
            {
                new ChatMessage { Developer = new DeveloperMessage { Content = new TextContent { Text = "Be brief." }, Name = "dev" } },
                new ChatMessage
                {
                    System = new SystemMessage
                    {
                        Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "You are helpful." } } } },
                        Name = "sys",
                    },
                },
                new ChatMessage
                {
                    User = new UserMessage
                    {
                        Name = "ann",
                        Content = new UserContent
                        {
                            Parts = new UserContentParts
                            {
                                Parts =
                                {
                                    new UserContentPart { Text = "What is in this image?" },
                                    new UserContentPart { ImageUrl = new ImageUrl { Url = "https://example.com/cat.png", Detail = ImageDetail.High } },
                                    new UserContentPart { InputAudio = new InputAudio { Data = "UklGRg==", Format = InputAudioFormat.Wav } },
                                    new UserContentPart { File = new FileInput { FileData = "JVBERi0=", FileId = "file-1", Filename = "a.pdf" } },
                                },
                            },
                        },
                    },
                },
                new ChatMessage
                {
                    Assistant = new AssistantMessage
                    {
                        Content = new AssistantContent
                        {
                            Parts = new AssistantContentParts
                            {
                                Parts = { new AssistantContentPart { Text = "Let me check." }, new AssistantContentPart { Refusal = "No." } },
                            },
                        },
                        Refusal = "Sorry",
                        Name = "bot",
                        Audio = new AssistantAudioReference { Id = "audio-1" },
                        ToolCalls =
                        {
                            new ToolCall { Id = "call-1", Function = new FunctionCall { Name = "get_weather", Arguments = """{"city":"Paris"}""" } },
                            new ToolCall { Id = "call-2", Custom = new CustomToolCall { Name = "sql", Input = "SELECT 1" } },
                        },
                        FunctionCall = new FunctionCall { Name = "legacy", Arguments = "{}" },
                    },
                },
                new ChatMessage { Tool = new ToolMessage { Content = new TextContent { Text = "22 degrees" }, ToolCallId = "call-1" } },
                new ChatMessage { Function = new FunctionMessage { Name = "legacy" } },
            },
            Model = "gpt-4o",
            Audio = new AudioOutputOptions { Format = AudioFormat.Pcm16, Voice = "alloy" },
            FrequencyPenalty = -0.5,
            FunctionCall = new FunctionCallChoice { Function = new NamedTool { Name = "legacy" } },
            Functions = { new FunctionDefinition { Name = "legacy", Description = "Old style", Parameters = ObjectOf(("type", Value.ForString("object"))) } },
            LogitBias = { ["50256"] = -100, ["15"] = 5 },
            Logprobs = true,
            MaxCompletionTokens = 256,
            MaxTokens = 128,
            Metadata = { ["team"] = "search" },
            Modalities = { "text", "audio" },
            N = 2,
            ParallelToolCalls = false,
            Prediction = new Prediction { Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "draft" } } } } },
            PresencePenalty = 0.25,
            ReasoningEffort = ReasoningEffort.Xhigh,
            ResponseFormat = new ResponseFormat
            {
                JsonSchema = new JsonSchemaFormat
                {
                    Name = "answer",
                    Description = "The answer",
                    Strict = true,
                    Schema = ObjectOf(
                        ("type", Value.ForString("object")),
                        ("properties", Value.ForStruct(ObjectOf(
                            ("value", Value.ForStruct(ObjectOf(("type", Value.ForString("number")), ("minimum", Value.ForNumber(0.5))))),
                            ("tags", Value.ForStruct(ObjectOf(("type", Value.ForString("array")), ("items", Value.ForStruct(ObjectOf(("type", Value.ForString("string"))))))))))),
                        ("required", Value.ForList(Value.ForString("value"))),
                        ("additionalProperties", Value.ForBool(false)),
                        ("nullable", Value.ForNull())),
                },
            },
            Seed = -42,
            ServiceTier = ServiceTier.Flex,
            Stop = { "\n\n", "END" },
            Store = true,
            Stream = true,
            StreamOptions = new StreamOptions { IncludeUsage = true, IncludeObfuscation = false },
            Temperature = 0,
            ToolChoice = new ToolChoice
            {
                AllowedTools = new AllowedTools
                {
                    Mode = AllowedToolsMode.Required,
                    Tools =
                    {
                        new ToolReference { Function = new NamedTool { Name = "get_weather" } },
                        new ToolReference { Custom = new NamedTool { Name = "sql" } },
                    },
                },
            },
            Tools =
            {
                new Tool
                {
                    Function = new FunctionDefinition
                    {
                        Name = "get_weather",
                        Description = "Weather by city",
                        Parameters = ObjectOf(
                            ("type", Value.ForString("object")),
                            ("properties", Value.ForStruct(ObjectOf(("city", Value.ForStruct(ObjectOf(("type", Value.ForString("string"))))))))),
                        Strict = true,
                    },
                },
                new Tool
                {
                    Custom = new CustomToolDefinition
                    {
                        Name = "sql",
                        Description = "Runs SQL",
                        Format = new CustomToolFormat { Grammar = new CustomToolGrammarFormat { Definition = "start: SELECT", Syntax = GrammarSyntax.Lark } },
                    },
                },
                new Tool { Custom = new CustomToolDefinition { Name = "notes", Format = new CustomToolFormat { Text = new CustomToolTextFormat() } } },
            },
            TopLogprobs = 3,
            TopP = 0.9,
            User = "user-1",
            WebSearchOptions = new WebSearchOptions
            {
                SearchContextSize = SearchContextSize.Low,
                UserLocation = new UserLocation
                {
                    Approximate = new ApproximateLocation { City = "Paris", Country = "FR", Region = "IDF", Timezone = "Europe/Paris" },
                },
            },
            Verbosity = Verbosity.Medium,
            PromptCacheKey = "cache-1",
            SafetyIdentifier = "safe-1",
        };

        Assert.Equal(expected, ReadingAssert.Valid(EveryField));
    }

    [Fact]
    public void MinimalRequest_LeavesOptionalFieldsUnset()
    {
        var expected = new CreateChatCompletionRequest
        {
            Model = "m",
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
        };

        var actual = ReadingAssert.Valid("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(expected, actual);
        Assert.False(actual.HasTemperature);
        Assert.False(actual.HasStream);
    }

    [Fact]
    public void NullOnEveryOptionalField_MeansNotSet()
    {
        var body = ReadingAssert.Body("""
            "audio": null, "frequency_penalty": null, "function_call": null, "functions": null, "logit_bias": null,
            "logprobs": null, "max_completion_tokens": null, "max_tokens": null, "metadata": null, "modalities": null,
            "n": null, "parallel_tool_calls": null, "prediction": null, "presence_penalty": null, "reasoning_effort": null,
            "response_format": null, "seed": null, "service_tier": null, "stop": null, "store": null, "stream": null,
            "stream_options": null, "temperature": null, "tool_choice": null, "tools": null, "top_logprobs": null,
            "top_p": null, "user": null, "web_search_options": null, "verbosity": null, "prompt_cache_key": null,
            "safety_identifier": null
            """);

        Assert.Equal(ReadingAssert.Valid(ReadingAssert.Body("\"unknown\": 1")), ReadingAssert.Valid(body));
    }

    [Fact]
    public void ZeroValues_AreSetRatherThanAbsent()
    {
        var request = ReadingAssert.Valid(ReadingAssert.Body("""
            "temperature": 0, "seed": 0, "logprobs": false, "store": false, "stream": false, "user": "", "top_logprobs": 0
            """));

        Assert.True(request.HasTemperature);
        Assert.True(request.HasSeed);
        Assert.True(request.HasLogprobs);
        Assert.True(request.HasStore);
        Assert.True(request.HasStream);
        Assert.True(request.HasUser);
        Assert.True(request.HasTopLogprobs);
    }

    [Fact]
    public void NullOnOptionalMessageFields_MeansNotSet()
    {
        var request = ReadingAssert.Valid("""
            {"model": "m", "messages": [
              {"role": "system", "content": "s", "name": null},
              {"role": "assistant", "content": null, "refusal": null, "name": null, "audio": null, "tool_calls": null, "function_call": null},
              {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u", "detail": null}}, {"type": "file", "file": {"file_id": null}}]}
            ]}
            """);

        var expected = new CreateChatCompletionRequest
        {
            Model = "m",
            Messages =
            {
                new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "s" } } },
                new ChatMessage { Assistant = new AssistantMessage() },
                new ChatMessage
                {
                    User = new UserMessage
                    {
                        Content = new UserContent
                        {
                            Parts = new UserContentParts
                            {
                                Parts = { new UserContentPart { ImageUrl = new ImageUrl { Url = "u" } }, new UserContentPart { File = new FileInput() } },
                            },
                        },
                    },
                },
            },
        };
        Assert.Equal(expected, request);
    }

    [Theory]
    [InlineData("\"none\"", ToolChoiceMode.None)]
    [InlineData("\"auto\"", ToolChoiceMode.Auto)]
    [InlineData("\"required\"", ToolChoiceMode.Required)]
    public void ToolChoiceString_ReadsAsMode(string json, ToolChoiceMode mode) =>
        Assert.Equal(new ToolChoice { Mode = mode }, ReadingAssert.Valid(ReadingAssert.Body($"\"tool_choice\": {json}")).ToolChoice);

    [Fact]
    public void ToolChoiceNamedFunctionAndCustom_ReadAsNamedTools()
    {
        Assert.Equal(
            new ToolChoice { Function = new NamedTool { Name = "f" } },
            ReadingAssert.Valid(ReadingAssert.Body("""  "tool_choice": {"type": "function", "function": {"name": "f"}}  """)).ToolChoice);
        Assert.Equal(
            new ToolChoice { Custom = new NamedTool { Name = "c" } },
            ReadingAssert.Valid(ReadingAssert.Body("""  "tool_choice": {"type": "custom", "custom": {"name": "c"}}  """)).ToolChoice);
    }

    [Theory]
    [InlineData("\"none\"", FunctionCallMode.None)]
    [InlineData("\"auto\"", FunctionCallMode.Auto)]
    public void FunctionCallString_ReadsAsMode(string json, FunctionCallMode mode) =>
        Assert.Equal(new FunctionCallChoice { Mode = mode }, ReadingAssert.Valid(ReadingAssert.Body($"\"function_call\": {json}")).FunctionCall);

    [Fact]
    public void ResponseFormatsWithoutPayload_ReadAsEmptyMessages()
    {
        Assert.Equal(
            new ResponseFormat { Text = new ResponseFormatText() },
            ReadingAssert.Valid(ReadingAssert.Body("""  "response_format": {"type": "text"}  """)).ResponseFormat);
        Assert.Equal(
            new ResponseFormat { JsonObject = new ResponseFormatJsonObject() },
            ReadingAssert.Valid(ReadingAssert.Body("""  "response_format": {"type": "json_object"}  """)).ResponseFormat);
    }

    [Fact]
    public void StopString_IsAListOfOne() =>
        Assert.Equal(["END"], ReadingAssert.Valid(ReadingAssert.Body("""  "stop": "END"  """)).Stop);

    [Fact]
    public void PredictionStringContent_ReadsAsText() =>
        Assert.Equal(
            new Prediction { Content = new TextContent { Text = "draft" } },
            ReadingAssert.Valid(ReadingAssert.Body("""  "prediction": {"type": "content", "content": "draft"}  """)).Prediction);

    [Fact]
    public void FunctionMessageContent_ReadsWhenAString() =>
        Assert.Equal(
            new FunctionMessage { Content = "42", Name = "f" },
            ReadingAssert.Valid(ReadingAssert.BodyWithMessage("""{"role": "function", "content": "42", "name": "f"}""")).Messages[0].Function);

    [Fact]
    public void Parameters_ConvertEveryJsonKindFaithfully()
    {
        var tool = ReadingAssert.Valid(ReadingAssert.Body("""
            "tools": [{"type": "function", "function": {"name": "f", "parameters":
              {"o": {"nested": {"deeper": [1, -2.5, 1e400, "s", true, false, null, [], {}]}}, "escaped\u00e9": "\ud83d\ude00"}}}]
            """)).Tools[0];

        var expected = ObjectOf(
            ("o", Value.ForStruct(ObjectOf(("nested", Value.ForStruct(ObjectOf(("deeper", Value.ForList(
                Value.ForNumber(1),
                Value.ForNumber(-2.5),
                Value.ForNumber(double.MaxValue),
                Value.ForString("s"),
                Value.ForBool(true),
                Value.ForBool(false),
                Value.ForNull(),
                Value.ForList(),
                Value.ForStruct(new Struct()))))))))),
            ("escapedé", Value.ForString("😀")));
        Assert.Equal(expected, tool.Function.Parameters);
    }

    private static Struct ObjectOf(params (string Key, Value Value)[] fields)
    {
        var result = new Struct();
        foreach (var (key, value) in fields)
        {
            result.Fields.Add(key, value);
        }

        return result;
    }
}
