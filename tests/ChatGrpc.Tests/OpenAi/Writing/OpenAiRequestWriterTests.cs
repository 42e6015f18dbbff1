using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class OpenAiRequestWriterTests
{
    private static string Write(CreateChatCompletionRequest request) => WrittenJson.Of(writer => OpenAiRequestWriter.Write(writer, request));

    private static CreateChatCompletionRequest WithUserText(string text = "Hi") => new()
    {
        Model = "m",
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = text } } } },
    };

    [Fact]
    public void MinimalRequest_WritesOnlyMessagesAndModel()
    {
        WrittenJson.AssertEqual(
            """{ "messages": [ { "role": "user", "content": "Hi" } ], "model": "m" }""",
            Write(WithUserText()));
    }

    [Fact]
    public void EveryField_WritesOpenAiRequestInFieldNumberOrder()
    {
        var request = new CreateChatCompletionRequest
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
                        Content = new UserContent
                        {
                            Parts = new UserContentParts
                            {
                                Parts =
                                {
                                    new UserContentPart { Text = "What is this?" },
                                    new UserContentPart { ImageUrl = new ImageUrl { Url = "https://example.com/cat.png", Detail = ImageDetail.High } },
                                    new UserContentPart { ImageUrl = new ImageUrl { Url = "data:image/png;base64,iVBORw0KGgo=" } },
                                    new UserContentPart { InputAudio = new InputAudio { Data = "UklGRg==", Format = InputAudioFormat.Wav } },
                                    new UserContentPart { File = new FileInput { FileData = "data:application/pdf;base64,JVBERi0=", FileId = "file-1", Filename = "a.pdf" } },
                                },
                            },
                        },
                        Name = "alice",
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
                                Parts = { new AssistantContentPart { Text = "Let me check." }, new AssistantContentPart { Refusal = "Not that." } },
                            },
                        },
                        Refusal = "Not that.",
                        Name = "bot",
                        Audio = new AssistantAudioReference { Id = "audio_1" },
                        ToolCalls =
                        {
                            new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Oslo\"}" } },
                            new ToolCall { Id = "call_2", Custom = new CustomToolCall { Name = "run_sql", Input = "SELECT 1" } },
                        },
                        FunctionCall = new FunctionCall { Name = "legacy", Arguments = "{}" },
                    },
                },
                new ChatMessage
                {
                    Assistant = new AssistantMessage
                    {
                        ToolCalls = { new ToolCall { Id = "call_3", Function = new FunctionCall { Name = "get_time", Arguments = "{}" } } },
                    },
                },
                new ChatMessage { Assistant = new AssistantMessage { Content = new AssistantContent { Text = "Plain answer." } } },
                new ChatMessage { Tool = new ToolMessage { Content = new TextContent { Text = "18C" }, ToolCallId = "call_1" } },
                new ChatMessage
                {
                    Tool = new ToolMessage
                    {
                        Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "1" } } } },
                        ToolCallId = "call_2",
                    },
                },
                new ChatMessage { Function = new FunctionMessage { Name = "legacy" } },
                new ChatMessage { Function = new FunctionMessage { Content = "done", Name = "legacy" } },
            },
            Model = "gpt-4o",
            Audio = new AudioOutputOptions { Format = AudioFormat.Pcm16, Voice = "alloy" },
            FrequencyPenalty = 0.5,
            FunctionCall = new FunctionCallChoice { Function = new NamedTool { Name = "legacy" } },
            Functions =
            {
                new FunctionDefinition
                {
                    Name = "legacy",
                    Description = "Old style.",
                    Parameters = new Struct { Fields = { ["type"] = Value.ForString("object") } },
                },
            },
            LogitBias = { ["50256"] = -100, ["15496"] = 5 },
            Logprobs = true,
            MaxCompletionTokens = 256,
            MaxTokens = 128,
            Metadata = { ["team"] = "search", ["run"] = "7" },
            Modalities = { "text", "audio" },
            N = 2,
            ParallelToolCalls = false,
            Prediction = new Prediction { Content = new TextContent { Text = "predicted" } },
            PresencePenalty = -0.25,
            ReasoningEffort = ReasoningEffort.Xhigh,
            ResponseFormat = new ResponseFormat
            {
                JsonSchema = new JsonSchemaFormat
                {
                    Name = "answer",
                    Description = "The answer.",
                    Schema = new Struct
                    {
                        Fields =
                        {
                            ["type"] = Value.ForString("object"),
                            ["properties"] = Value.ForStruct(new Struct
                            {
                                Fields =
                                {
                                    ["tags"] = Value.ForStruct(new Struct
                                    {
                                        Fields =
                                        {
                                            ["type"] = Value.ForString("array"),
                                            ["minItems"] = Value.ForNumber(3),
                                            ["items"] = Value.ForStruct(new Struct { Fields = { ["enum"] = Value.ForList(Value.ForString("a"), Value.ForNumber(2.5), Value.ForBool(true), Value.ForNull()) } }),
                                        },
                                    }),
                                },
                            }),
                            ["additionalProperties"] = Value.ForBool(false),
                        },
                    },
                    Strict = true,
                },
            },
            Seed = -42,
            ServiceTier = ServiceTier.Flex,
            Stop = { "END", "\n\n" },
            Store = true,
            Stream = true,
            StreamOptions = new StreamOptions { IncludeUsage = true, IncludeObfuscation = false },
            Temperature = 0,
            ToolChoice = new ToolChoice
            {
                AllowedTools = new AllowedTools
                {
                    Mode = AllowedToolsMode.Required,
                    Tools = { new ToolReference { Function = new NamedTool { Name = "get_weather" } }, new ToolReference { Custom = new NamedTool { Name = "run_sql" } } },
                },
            },
            Tools =
            {
                new Tool
                {
                    Function = new FunctionDefinition
                    {
                        Name = "get_weather",
                        Description = "Weather by city.",
                        Parameters = new Struct
                        {
                            Fields =
                            {
                                ["type"] = Value.ForString("object"),
                                ["required"] = Value.ForList(Value.ForString("city")),
                            },
                        },
                        Strict = true,
                    },
                },
                new Tool
                {
                    Custom = new CustomToolDefinition
                    {
                        Name = "run_sql",
                        Description = "Runs SQL.",
                        Format = new CustomToolFormat { Grammar = new CustomToolGrammarFormat { Definition = "start: \"SELECT\"", Syntax = GrammarSyntax.Lark } },
                    },
                },
                new Tool { Custom = new CustomToolDefinition { Name = "note", Format = new CustomToolFormat { Text = new CustomToolTextFormat() } } },
                new Tool { Custom = new CustomToolDefinition { Name = "free" } },
            },
            TopLogprobs = 3,
            TopP = 1,
            User = "user-1",
            WebSearchOptions = new WebSearchOptions
            {
                SearchContextSize = SearchContextSize.Medium,
                UserLocation = new UserLocation
                {
                    Approximate = new ApproximateLocation { City = "Oslo", Country = "NO", Region = "Oslo", Timezone = "Europe/Oslo" },
                },
            },
            Verbosity = Verbosity.Low,
            PromptCacheKey = "cache-1",
            SafetyIdentifier = "safe-1",
        };

        WrittenJson.AssertEqual(
            """
            {
              "messages": [
                { "role": "developer", "content": "Be brief.", "name": "dev" },
                { "role": "system", "content": [ { "type": "text", "text": "You are helpful." } ], "name": "sys" },
                {
                  "role": "user",
                  "content": [
                    { "type": "text", "text": "What is this?" },
                    { "type": "image_url", "image_url": { "url": "https://example.com/cat.png", "detail": "high" } },
                    { "type": "image_url", "image_url": { "url": "data:image/png;base64,iVBORw0KGgo=" } },
                    { "type": "input_audio", "input_audio": { "data": "UklGRg==", "format": "wav" } },
                    { "type": "file", "file": { "file_data": "data:application/pdf;base64,JVBERi0=", "file_id": "file-1", "filename": "a.pdf" } }
                  ],
                  "name": "alice"
                },
                {
                  "role": "assistant",
                  "content": [ { "type": "text", "text": "Let me check." }, { "type": "refusal", "refusal": "Not that." } ],
                  "refusal": "Not that.",
                  "name": "bot",
                  "audio": { "id": "audio_1" },
                  "tool_calls": [
                    { "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{\"city\":\"Oslo\"}" } },
                    { "id": "call_2", "type": "custom", "custom": { "name": "run_sql", "input": "SELECT 1" } }
                  ],
                  "function_call": { "name": "legacy", "arguments": "{}" }
                },
                { "role": "assistant", "tool_calls": [ { "id": "call_3", "type": "function", "function": { "name": "get_time", "arguments": "{}" } } ] },
                { "role": "assistant", "content": "Plain answer." },
                { "role": "tool", "content": "18C", "tool_call_id": "call_1" },
                { "role": "tool", "content": [ { "type": "text", "text": "1" } ], "tool_call_id": "call_2" },
                { "role": "function", "content": null, "name": "legacy" },
                { "role": "function", "content": "done", "name": "legacy" }
              ],
              "model": "gpt-4o",
              "audio": { "format": "pcm16", "voice": "alloy" },
              "frequency_penalty": 0.5,
              "function_call": { "name": "legacy" },
              "functions": [ { "name": "legacy", "description": "Old style.", "parameters": { "type": "object" } } ],
              "logit_bias": { "50256": -100, "15496": 5 },
              "logprobs": true,
              "max_completion_tokens": 256,
              "max_tokens": 128,
              "metadata": { "team": "search", "run": "7" },
              "modalities": [ "text", "audio" ],
              "n": 2,
              "parallel_tool_calls": false,
              "prediction": { "type": "content", "content": "predicted" },
              "presence_penalty": -0.25,
              "reasoning_effort": "xhigh",
              "response_format": {
                "type": "json_schema",
                "json_schema": {
                  "name": "answer",
                  "description": "The answer.",
                  "schema": {
                    "type": "object",
                    "properties": { "tags": { "type": "array", "minItems": 3, "items": { "enum": [ "a", 2.5, true, null ] } } },
                    "additionalProperties": false
                  },
                  "strict": true
                }
              },
              "seed": -42,
              "service_tier": "flex",
              "stop": [ "END", "\n\n" ],
              "store": true,
              "stream": true,
              "stream_options": { "include_usage": true, "include_obfuscation": false },
              "temperature": 0,
              "tool_choice": {
                "type": "allowed_tools",
                "allowed_tools": {
                  "mode": "required",
                  "tools": [ { "type": "function", "function": { "name": "get_weather" } }, { "type": "custom", "custom": { "name": "run_sql" } } ]
                }
              },
              "tools": [
                {
                  "type": "function",
                  "function": { "name": "get_weather", "description": "Weather by city.", "parameters": { "type": "object", "required": [ "city" ] }, "strict": true }
                },
                {
                  "type": "custom",
                  "custom": { "name": "run_sql", "description": "Runs SQL.", "format": { "type": "grammar", "grammar": { "definition": "start: \"SELECT\"", "syntax": "lark" } } }
                },
                { "type": "custom", "custom": { "name": "note", "format": { "type": "text" } } },
                { "type": "custom", "custom": { "name": "free" } }
              ],
              "top_logprobs": 3,
              "top_p": 1,
              "user": "user-1",
              "web_search_options": {
                "search_context_size": "medium",
                "user_location": { "type": "approximate", "approximate": { "city": "Oslo", "country": "NO", "region": "Oslo", "timezone": "Europe/Oslo" } }
              },
              "verbosity": "low",
              "prompt_cache_key": "cache-1",
              "safety_identifier": "safe-1"
            }
            """,
            Write(request));
    }

    public static TheoryData<ToolChoice, string> ToolChoices => new()
    {
        { new ToolChoice { Mode = ToolChoiceMode.None }, "\"none\"" },
        { new ToolChoice { Mode = ToolChoiceMode.Auto }, "\"auto\"" },
        { new ToolChoice { Mode = ToolChoiceMode.Required }, "\"required\"" },
        { new ToolChoice { Function = new NamedTool { Name = "f" } }, """{ "type": "function", "function": { "name": "f" } }""" },
        { new ToolChoice { Custom = new NamedTool { Name = "c" } }, """{ "type": "custom", "custom": { "name": "c" } }""" },
        {
            new ToolChoice { AllowedTools = new AllowedTools { Mode = AllowedToolsMode.Auto } },
            """{ "type": "allowed_tools", "allowed_tools": { "mode": "auto", "tools": [] } }"""
        },
    };

    [Theory]
    [MemberData(nameof(ToolChoices))]
    public void ToolChoice_WritesStringModeOrTypedObject(ToolChoice choice, string expectedChoiceJson)
    {
        var request = WithUserText();
        request.ToolChoice = choice;

        WrittenJson.AssertEqual(
            $$"""{ "messages": [ { "role": "user", "content": "Hi" } ], "model": "m", "tool_choice": {{expectedChoiceJson}} }""",
            Write(request));
    }

    [Theory]
    [InlineData(FunctionCallMode.None, "none")]
    [InlineData(FunctionCallMode.Auto, "auto")]
    public void FunctionCallMode_WritesString(FunctionCallMode mode, string literal)
    {
        var request = WithUserText();
        request.FunctionCall = new FunctionCallChoice { Mode = mode };

        WrittenJson.AssertEqual(
            $$"""{ "messages": [ { "role": "user", "content": "Hi" } ], "model": "m", "function_call": "{{literal}}" }""",
            Write(request));
    }

    public static TheoryData<ResponseFormat, string> TypeOnlyResponseFormats => new()
    {
        { new ResponseFormat { Text = new ResponseFormatText() }, """{ "type": "text" }""" },
        { new ResponseFormat { JsonObject = new ResponseFormatJsonObject() }, """{ "type": "json_object" }""" },
        { new ResponseFormat { JsonSchema = new JsonSchemaFormat { Name = "bare" } }, """{ "type": "json_schema", "json_schema": { "name": "bare" } }""" },
    };

    [Theory]
    [MemberData(nameof(TypeOnlyResponseFormats))]
    public void ResponseFormat_WritesTypeAndPayloadOnlyWhenItHasFields(ResponseFormat format, string expectedFormatJson)
    {
        var request = WithUserText();
        request.ResponseFormat = format;

        WrittenJson.AssertEqual(
            $$"""{ "messages": [ { "role": "user", "content": "Hi" } ], "model": "m", "response_format": {{expectedFormatJson}} }""",
            Write(request));
    }

    [Fact]
    public void PredictionWithTextParts_WritesContentAsParts()
    {
        var request = WithUserText();
        request.Prediction = new Prediction
        {
            Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "a" }, new TextContentPart { Text = "b" } } } },
        };

        WrittenJson.AssertEqual(
            """
            {
              "messages": [ { "role": "user", "content": "Hi" } ],
              "model": "m",
              "prediction": { "type": "content", "content": [ { "type": "text", "text": "a" }, { "type": "text", "text": "b" } ] }
            }
            """,
            Write(request));
    }

    [Fact]
    public void EmptyOptionObjects_AreWrittenEmptyWhenPresent()
    {
        var request = WithUserText();
        request.StreamOptions = new StreamOptions();
        request.WebSearchOptions = new WebSearchOptions();

        WrittenJson.AssertEqual(
            """{ "messages": [ { "role": "user", "content": "Hi" } ], "model": "m", "stream_options": {}, "web_search_options": {} }""",
            Write(request));
    }

    [Fact]
    public void MessageWithoutRole_IsWrittenAsNull()
    {
        var request = WithUserText();
        request.Messages.Add(new ChatMessage());

        WrittenJson.AssertEqual(
            """{ "messages": [ { "role": "user", "content": "Hi" }, null ], "model": "m" }""",
            Write(request));
    }
}
