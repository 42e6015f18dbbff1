using ChatGrpc.Server.Providers.Development;
using ChatGrpc.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Tests.Providers.Development;

/// <summary>Requests, a provider and an independent tokenizer for the development model's tests.</summary>
internal static class DevelopmentModelRequests
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string Introduction = "This is chatgrpc-dev, ChatGrpc's built-in development model.";

    /// <summary>A tokenizer of the tests' own, so that counts are checked against o200k_base, not against the code under test.</summary>
    public static Tokenizer Tokenizer { get; } = TiktokenTokenizer.CreateForModel("gpt-4o");

    public static DevelopmentModelProvider Provider(TimeSpan tokenDelay = default, TimeProvider? timeProvider = null)
        => new(timeProvider ?? new RecordingTimeProvider(Now), Options.Create(new DevelopmentModelOptions { TokenDelay = tokenDelay }));

    public static CreateChatCompletionRequest Request(params ChatMessage[] messages)
    {
        var request = new CreateChatCompletionRequest { Model = DevelopmentModelProvider.ModelId };
        request.Messages.Add(messages);
        return request;
    }

    public static CreateChatCompletionRequest UserRequest(string text) => Request(User(text));

    public static ChatMessage User(string text, string? name = null)
    {
        var user = new UserMessage { Content = new UserContent { Text = text } };
        if (name is not null)
        {
            user.Name = name;
        }

        return new ChatMessage { User = user };
    }

    public static ChatMessage SystemMessage(string text) => new() { System = new V1.SystemMessage { Content = new TextContent { Text = text } } };

    public static Tool FunctionTool(string name, string parametersJson)
        => new() { Function = new FunctionDefinition { Name = name, Parameters = JsonParser.Default.Parse<Struct>(parametersJson) } };

    public const string WeatherParameters = """
        {
          "type": "object",
          "properties": {
            "city": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer", "minimum": 1},
            "detailed": {"type": "boolean"},
            "hours": {"type": "array", "items": {"type": "integer"}},
            "location": {"type": "object", "properties": {"lat": {"type": "number"}}, "required": ["lat"]}
          },
          "required": ["city", "unit", "days", "location"]
        }
        """;

    public const string WeatherArguments = """{"city":"string","unit":"celsius","days":1,"detailed":false,"hours":[],"location":{"lat":0}}""";

    public static CreateChatCompletionRequest WeatherToolRequest(ToolChoice? toolChoice)
    {
        var request = UserRequest("What is the weather in Paris?");
        request.Tools.Add(FunctionTool("get_time", """{"type": "object", "properties": {}}"""));
        request.Tools.Add(FunctionTool("get_weather", WeatherParameters));
        request.ToolChoice = toolChoice;
        return request;
    }

    public static Usage Usage(int promptTokens, int completionTokens) => new()
    {
        PromptTokens = promptTokens,
        CompletionTokens = completionTokens,
        TotalTokens = promptTokens + completionTokens,
        PromptTokensDetails = new PromptTokensDetails(),
        CompletionTokensDetails = new CompletionTokensDetails(),
    };

    // 3 to prime the reply, and a user message: 3 of framing, 1 for "user", and its text.
    public static int SingleUserMessagePromptTokens(string text) => 3 + 3 + 1 + Tokenizer.CountTokens(text);

    public static async Task<List<ChatCompletionChunk>> CollectAsync(IAsyncEnumerable<ChatCompletionChunk> stream)
    {
        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in stream)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
