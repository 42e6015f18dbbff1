using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;
using ChatGrpc.Tests.Shared;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>The opt-in strict mode: keys the schema does not have are <c>extra_forbidden</c>, wherever the reader reads an object as a message.</summary>
public class StrictModeTests
{
    private static readonly OpenAiReadOptions Strict = new() { RejectUnknownFields = true };

    /// <summary>A body with an unknown key <c>"x"</c> in every kind of object the reader reads as a message.</summary>
    private const string UnknownKeysEverywhere = """
        {
          "messages": [
            {"role": "user", "x": 1, "content": [
              {"type": "text", "text": "hi", "x": 2},
              {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "x": 3}}]},
            {"role": "assistant", "audio": {"id": "a", "x": 4},
             "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}", "x": 5}, "x": 6}]}
          ],
          "model": "m",
          "audio": {"format": "wav", "voice": "alloy", "x": 7},
          "response_format": {"type": "json_schema", "x": 8, "json_schema": {"name": "n", "x": 9, "schema": {"x": "free"}}},
          "stream_options": {"include_usage": true, "x": 10},
          "tools": [{"type": "function", "x": 11, "function": {"name": "f", "x": 12, "parameters": {"x": "free"}}}],
          "web_search_options": {"x": 13, "user_location": {"type": "approximate", "approximate": {"city": "Paris", "x": 14}}},
          "x": 15
        }
        """;

    [Fact]
    public void ByDefault_UnknownKeysAreIgnored()
    {
        using var lenient = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(UnknownKeysEverywhere));
        using var defaults = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(UnknownKeysEverywhere), new OpenAiReadOptions());

        Assert.Equal("[]", ReadingAssert.Render(lenient.Problems));
        Assert.Equal("[]", ReadingAssert.Render(defaults.Problems));
    }

    [Fact]
    public void EveryKnownField_HasNoProblems() => AssertStrictProblems("[]", EveryFieldRequest.Json);

    [Fact]
    public void UnknownTopLevelKey_IsExtraForbidden() =>
        AssertStrictProblems(
            """[{"type":"extra_forbidden","loc":["body","temprature"],"msg":"Extra inputs are not permitted","input":0.5}]""",
            ReadingAssert.Body(""" "temprature": 0.5 """));

    [Fact]
    public void UnknownKeysInNestedObjects_AreExtraForbiddenWhereTheyAre() =>
        AssertStrictProblems(
            """
            [{"type":"string_type","loc":["body","messages",0,"user","content","str"],"msg":"Input should be a valid string",
              "input":[{"type":"text","text":"hi","x":2},{"type":"image_url","image_url":{"url":"https://example.com/a.png","x":3}}]},
             {"type":"extra_forbidden","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",0,"text","x"],"msg":"Extra inputs are not permitted","input":2},
             {"type":"extra_forbidden","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",1,"image_url","image_url","x"],"msg":"Extra inputs are not permitted","input":3},
             {"type":"extra_forbidden","loc":["body","messages",0,"user","x"],"msg":"Extra inputs are not permitted","input":1},
             {"type":"extra_forbidden","loc":["body","messages",1,"assistant","audio","x"],"msg":"Extra inputs are not permitted","input":4},
             {"type":"extra_forbidden","loc":["body","messages",1,"assistant","tool_calls",0,"function","function","x"],"msg":"Extra inputs are not permitted","input":5},
             {"type":"extra_forbidden","loc":["body","messages",1,"assistant","tool_calls",0,"function","x"],"msg":"Extra inputs are not permitted","input":6},
             {"type":"extra_forbidden","loc":["body","audio","x"],"msg":"Extra inputs are not permitted","input":7},
             {"type":"extra_forbidden","loc":["body","response_format","json_schema","json_schema","x"],"msg":"Extra inputs are not permitted","input":9},
             {"type":"extra_forbidden","loc":["body","response_format","json_schema","x"],"msg":"Extra inputs are not permitted","input":8},
             {"type":"extra_forbidden","loc":["body","stream_options","x"],"msg":"Extra inputs are not permitted","input":10},
             {"type":"extra_forbidden","loc":["body","tools",0,"function","function","x"],"msg":"Extra inputs are not permitted","input":12},
             {"type":"extra_forbidden","loc":["body","tools",0,"function","x"],"msg":"Extra inputs are not permitted","input":11},
             {"type":"extra_forbidden","loc":["body","web_search_options","user_location","approximate","x"],"msg":"Extra inputs are not permitted","input":14},
             {"type":"extra_forbidden","loc":["body","web_search_options","x"],"msg":"Extra inputs are not permitted","input":13},
             {"type":"extra_forbidden","loc":["body","x"],"msg":"Extra inputs are not permitted","input":15}]
            """,
            UnknownKeysEverywhere);

    [Fact]
    public void UnknownKeyInToolChoiceObject_FailsBothMembersOfTheUnion() =>
        AssertStrictProblems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'",
              "input":{"type":"function","function":{"name":"f","x":true}},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"extra_forbidden","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","function","function","x"],"msg":"Extra inputs are not permitted","input":true}]
            """,
            ReadingAssert.Body(""" "tool_choice": {"type":"function","function":{"name":"f","x":true}} """));

    [Fact]
    public void KeyOfAnotherVariant_IsExtraForbiddenInThisOne() =>
        AssertStrictProblems(
            """
            [{"type":"extra_forbidden","loc":["body","messages",0,"user","tool_call_id"],"msg":"Extra inputs are not permitted","input":"c"},
             {"type":"extra_forbidden","loc":["body","tools",0,"function","custom"],"msg":"Extra inputs are not permitted","input":{"name":"c"}}]
            """,
            """
            {"model":"m","messages":[{"role":"user","content":"hi","tool_call_id":"c"}],
             "tools":[{"type":"function","function":{"name":"f"},"custom":{"name":"c"}}]}
            """);

    [Fact]
    public void FreeJsonObjectsAndMaps_HaveNoUnknownKeys() =>
        AssertStrictProblems(
            "[]",
            ReadingAssert.Body("""
                "metadata": {"anything": "goes"},
                "logit_bias": {"42": 1},
                "functions": [{"name": "f", "parameters": {"anything": {"goes": true}}}],
                "response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": {"anything": "goes"}}}
                """));

    [Fact]
    public void RepeatedUnknownKey_IsReportedOnceWithItsLastValue() =>
        AssertStrictProblems(
            """[{"type":"extra_forbidden","loc":["body","x"],"msg":"Extra inputs are not permitted","input":2}]""",
            ReadingAssert.Body(""" "x": 1, "x": 2 """));

    private static void AssertStrictProblems(string expectedProblems, string body)
    {
        using var result = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(body), Strict);
        // Sorted as the handler sorts them before answering: the reader's own order is not part of its contract.
        var problems = result.Problems.ToList();
        ValidationProblemOrder.Sort(problems);
        Assert.Equal(JsonNode.Parse(expectedProblems)!.ToJsonString(), JsonNode.Parse(ReadingAssert.Render(problems))!.ToJsonString());
    }
}
