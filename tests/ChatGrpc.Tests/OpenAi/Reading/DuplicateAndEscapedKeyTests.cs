namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Python's json: the last of a repeated key wins; escapes in keys and values mean what they say.</summary>
public class DuplicateAndEscapedKeyTests
{
    [Fact]
    public void RepeatedTopLevelKey_LastWins_AndEarlierValuesReportNothing()
    {
        var request = ReadingAssert.Valid("""{"model":5,"messages":"no","temperature":"hot","model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1}""");

        Assert.Equal("m", request.Model);
        Assert.Equal(1.0, request.Temperature);
    }

    [Fact]
    public void RepeatedTopLevelKey_LastInvalidValueIsReported() =>
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","model"],"msg":"Input should be a valid string","input":5}]""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"model":5}""");

    [Fact]
    public void RepeatedMessageKeys_LastWins()
    {
        var message = ReadingAssert.Valid(ReadingAssert.BodyWithMessage("""{"role":"robot","content":5,"role":"system","content":"s"}""")).Messages[0];

        Assert.Equal("s", message.System.Content.Text);
    }

    [Fact]
    public void RepeatedMapKeys_LastWins_AndEarlierValuesReportNothing()
    {
        var request = ReadingAssert.Valid(ReadingAssert.Body("""  "metadata": {"a":5,"b":"x","a":"y"}, "logit_bias": {"1":"x","1":2}  """));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "y", ["b"] = "x" }, request.Metadata);
        Assert.Equal(new Dictionary<string, long> { ["1"] = 2 }, request.LogitBias);
    }

    [Fact]
    public void RepeatedMapKey_LastInvalidValueIsReported() =>
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","metadata","a"],"msg":"Input should be a valid string","input":5}]""",
            ReadingAssert.Body("""  "metadata": {"a":"x","a":5}  """));

    [Fact]
    public void RepeatedKeysInParameters_LastWins()
    {
        var parameters = ReadingAssert.Valid(ReadingAssert.Body("""
            "tools": [{"type":"function","function":{"name":"f","parameters":{"type":"array","required":[],"type":"object"}}}]
            """)).Tools[0].Function.Parameters;

        Assert.Equal(["type", "required"], parameters.Fields.Keys);
        Assert.Equal("object", parameters.Fields["type"].StringValue);
    }

    [Fact]
    public void EscapedKeys_AreMatchedByTheirMeaning()
    {
        var request = ReadingAssert.Valid("""{"mod\u0065l":"m","messages":[{"r\u006fle":"user","content":"hi"}],"\u0074op_p":0.5}""");

        Assert.Equal("m", request.Model);
        Assert.Equal(0.5, request.TopP);
    }

    [Fact]
    public void LoneSurrogateEscapes_BecomeReplacementCharacters()
    {
        var request = ReadingAssert.Valid(ReadingAssert.Body("""
            "user": "a\ud800b\udc00", "metadata": {"k\ud800": "v"}, "safety_identifier": "\ud83d\ude00"
            """));

        Assert.Equal("a\uFFFDb\uFFFD", request.User);
        Assert.Equal("v", request.Metadata["k\uFFFD"]);
        Assert.Equal("😀", request.SafetyIdentifier);
    }

    [Fact]
    public void UnknownKeys_AreIgnoredAtEveryLevel() =>
        ReadingAssert.Valid("""
            {"model":"m","extra":{"deep":[1]},"messages":[{"role":"user","content":[{"type":"text","text":"t","cache_control":{"type":"ephemeral"}}],"x":1}],
             "tools":[{"type":"function","function":{"name":"f","y":2},"z":3}]}
            """);
}
