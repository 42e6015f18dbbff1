using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.Shared;

/// <summary>
/// One valid request that uses every field of request.md at once, shared by the reader's unit tests and the
/// end-to-end fidelity tests (linked into both test projects): all six roles, every content part kind, both
/// tool kinds, every option. Its JSON is written as <c>OpenAiRequestWriter</c> would write it back (stop as a
/// list, no unknown keys), so the two documents compare equal.
/// </summary>
internal static class EveryFieldRequest
{
    /// <summary>The model the request names: the fidelity tests route it to their recording provider.</summary>
    public const string Model = "recorder";

    /// <summary>The request in OpenAI's JSON, for the fidelity tests' recording model, with <c>"stream": true</c>.</summary>
    public const string Json = """
        {
          "messages": [
            {"role": "developer", "content": "Be brief. \u00e9\ud83d\ude00 \"quoted\" \\ \n\u0000", "name": "dev"},
            {"role": "system", "content": [{"type": "text", "text": "You are helpful."}, {"type": "text", "text": ""}], "name": "sys"},
            {"role": "user", "name": "ann", "content": [
              {"type": "text", "text": "What is in this image?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
              {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "mp3"}},
              {"type": "file", "file": {"file_data": "JVBERi0=", "file_id": "file-1", "filename": "a.pdf"}}
            ]},
            {"role": "user", "content": "plain text"},
            {"role": "assistant", "content": [{"type": "text", "text": "Let me check."}, {"type": "refusal", "refusal": "No."}],
             "refusal": "Sorry", "name": "bot", "audio": {"id": "audio-1"},
             "tool_calls": [
               {"id": "call-1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
               {"id": "call-2", "type": "custom", "custom": {"name": "sql", "input": "SELECT 1"}}
             ],
             "function_call": {"name": "legacy", "arguments": "{}"}},
            {"role": "assistant", "content": "Done."},
            {"role": "tool", "content": "22 degrees", "tool_call_id": "call-1"},
            {"role": "tool", "content": [{"type": "text", "text": "1 row"}], "tool_call_id": "call-2"},
            {"role": "function", "content": null, "name": "legacy"},
            {"role": "function", "content": "42", "name": "legacy"}
          ],
          "model": "recorder",
          "audio": {"format": "pcm16", "voice": "alloy"},
          "frequency_penalty": -0.5,
          "function_call": {"name": "legacy"},
          "functions": [{"name": "legacy", "description": "Old style", "parameters": {"type": "object"}}],
          "logit_bias": {"50256": -100, "15": 5},
          "logprobs": true,
          "max_completion_tokens": 256,
          "max_tokens": 128,
          "metadata": {"team": "search", "": "empty key"},
          "modalities": ["text", "audio"],
          "n": 2,
          "parallel_tool_calls": false,
          "prediction": {"type": "content", "content": [{"type": "text", "text": "draft"}]},
          "presence_penalty": 0.25,
          "reasoning_effort": "xhigh",
          "response_format": {"type": "json_schema", "json_schema": {
            "name": "answer", "description": "The answer", "strict": true,
            "schema": {"type": "object", "properties": {"value": {"type": "number", "minimum": 0.5}, "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
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
          "safety_identifier": "safe-1"
        }
        """;

    /// <summary>The same request, built by hand.</summary>
    public static CreateChatCompletionRequest Proto() => new()
    {
        Messages =
        {
            new ChatMessage { Developer = new DeveloperMessage { Content = new TextContent { Text = "Be brief. é😀 \"quoted\" \\ \n\0" }, Name = "dev" } },
            new ChatMessage
            {
                System = new SystemMessage
                {
                    Content = new TextContent
                    {
                        Parts = new TextContentParts { Parts = { new TextContentPart { Text = "You are helpful." }, new TextContentPart { Text = "" } } },
                    },
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
                                new UserContentPart { ImageUrl = new ImageUrl { Url = "data:image/png;base64,iVBORw0KGgo=" } },
                                new UserContentPart { InputAudio = new InputAudio { Data = "UklGRg==", Format = InputAudioFormat.Mp3 } },
                                new UserContentPart { File = new FileInput { FileData = "JVBERi0=", FileId = "file-1", Filename = "a.pdf" } },
                            },
                        },
                    },
                },
            },
            new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "plain text" } } },
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
            new ChatMessage { Assistant = new AssistantMessage { Content = new AssistantContent { Text = "Done." } } },
            new ChatMessage { Tool = new ToolMessage { Content = new TextContent { Text = "22 degrees" }, ToolCallId = "call-1" } },
            new ChatMessage
            {
                Tool = new ToolMessage
                {
                    Content = new TextContent { Parts = new TextContentParts { Parts = { new TextContentPart { Text = "1 row" } } } },
                    ToolCallId = "call-2",
                },
            },
            new ChatMessage { Function = new FunctionMessage { Name = "legacy" } },
            new ChatMessage { Function = new FunctionMessage { Content = "42", Name = "legacy" } },
        },
        Model = Model,
        Audio = new AudioOutputOptions { Format = AudioFormat.Pcm16, Voice = "alloy" },
        FrequencyPenalty = -0.5,
        FunctionCall = new FunctionCallChoice { Function = new NamedTool { Name = "legacy" } },
        Functions = { new FunctionDefinition { Name = "legacy", Description = "Old style", Parameters = ObjectOf(("type", Value.ForString("object"))) } },
        LogitBias = { ["50256"] = -100, ["15"] = 5 },
        Logprobs = true,
        MaxCompletionTokens = 256,
        MaxTokens = 128,
        Metadata = { ["team"] = "search", [""] = "empty key" },
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
                        ("tags", Value.ForStruct(ObjectOf(
                            ("type", Value.ForString("array")),
                            ("items", Value.ForStruct(ObjectOf(("type", Value.ForString("string"))))),
                            ("maxItems", Value.ForNumber(3)))))))),
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
