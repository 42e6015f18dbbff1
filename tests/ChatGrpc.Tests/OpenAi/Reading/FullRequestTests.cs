using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.OpenAi.Reading;

public class FullRequestTests
{
    [Fact]
    public void EveryField_ReadsIntoTheProto() =>
        Assert.Equal(EveryFieldRequest.Proto(), ReadingAssert.Valid(EveryFieldRequest.Json));

    [Fact]
    public void UnknownTopLevelKeys_AreKeptAsExtraBody_UnknownMessageKeysIgnored() =>
        Assert.Equal(
            new CreateChatCompletionRequest
            {
                Model = "m",
                Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
                ExtraBody = new Google.Protobuf.WellKnownTypes.Struct
                {
                    Fields =
                    {
                        ["an_unknown_key"] = Google.Protobuf.WellKnownTypes.Value.ForStruct(new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["is"] = Google.Protobuf.WellKnownTypes.Value.ForString("kept") } }),
                        ["top_k"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(5),
                    },
                },
            },
            ReadingAssert.Valid("""{"model": "m", "messages": [{"role": "user", "content": "hi", "mood": "curious"}], "an_unknown_key": {"is": "kept"}, "top_k": 5}"""));

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

        Assert.Equal(ReadingAssert.Valid("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""), ReadingAssert.Valid(body));
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
              {"role": "system", "content": "s"},
              {"role": "assistant", "content": null, "refusal": null, "audio": null, "function_call": null},
              {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u"}}, {"type": "file", "file": {}}]}
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
