using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Tools, response formats, audio, web search and the other option objects; enum literals.</summary>
public class OptionObjectTests
{
    [Fact]
    public void ToolProblems_AreLocatedUnderTheToolsType() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","tools",0,"function","function"],"msg":"Field required","input":{"type":"function"}},
             {"type":"missing","loc":["body","tools",1,"function","function","name"],"msg":"Field required","input":{"parameters":{}}},
             {"type":"string_type","loc":["body","tools",2,"function","function","description"],"msg":"Input should be a valid string","input":1},
             {"type":"dict_type","loc":["body","tools",2,"function","function","parameters"],"msg":"Input should be a valid dictionary","input":"{}"},
             {"type":"bool_parsing","loc":["body","tools",2,"function","function","strict"],"msg":"Input should be a valid boolean, unable to interpret input","input":"sure"},
             {"type":"model_attributes_type","loc":["body","tools",3,"custom","custom"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"sql"},
             {"type":"model_attributes_type","loc":["body","tools",4],"msg":"Input should be a valid dictionary or object to extract fields from","input":null}]
            """,
            ReadingAssert.Body("""
                "tools": [
                  {"type":"function"},
                  {"type":"function","function":{"parameters":{}}},
                  {"type":"function","function":{"name":"f","description":1,"parameters":"{}","strict":"sure"}},
                  {"type":"custom","custom":"sql"},
                  null]
                """));

    [Fact]
    public void ToolWithUnknownOrMissingType_IsAUnionTagProblem() =>
        ReadingAssert.Problems(
            """
            [{"type":"union_tag_invalid","loc":["body","tools",0],
              "msg":"Input tag 'retrieval' found using 'type' does not match any of the expected tags: 'function', 'custom'","input":{"type":"retrieval"},
              "ctx":{"discriminator":"'type'","tag":"retrieval","expected_tags":"'function', 'custom'"}},
             {"type":"union_tag_not_found","loc":["body","tools",1],"msg":"Unable to extract tag using discriminator 'type'","input":{"function":{"name":"f"}},"ctx":{"discriminator":"'type'"}}]
            """,
            ReadingAssert.Body("""  "tools": [{"type":"retrieval"},{"function":{"name":"f"}}]  """));

    [Fact]
    public void CustomToolFormatProblems_AreLocatedUnderFormatAndItsType() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","tools",0,"custom","custom","name"],"msg":"Field required","input":{"format":{"type":"grammar","grammar":{"syntax":"ebnf"}}}},
             {"type":"missing","loc":["body","tools",0,"custom","custom","format","grammar","grammar","definition"],"msg":"Field required","input":{"syntax":"ebnf"}},
             {"type":"literal_error","loc":["body","tools",0,"custom","custom","format","grammar","grammar","syntax"],"msg":"Input should be 'lark' or 'regex'","input":"ebnf","ctx":{"expected":"'lark' or 'regex'"}},
             {"type":"union_tag_invalid","loc":["body","tools",1,"custom","custom","format"],
              "msg":"Input tag 'json' found using 'type' does not match any of the expected tags: 'text', 'grammar'","input":{"type":"json"},
              "ctx":{"discriminator":"'type'","tag":"json","expected_tags":"'text', 'grammar'"}}]
            """,
            ReadingAssert.Body("""
                "tools": [
                  {"type":"custom","custom":{"format":{"type":"grammar","grammar":{"syntax":"ebnf"}}}},
                  {"type":"custom","custom":{"name":"c","format":{"type":"json"}}}]
                """));

    [Fact]
    public void FunctionsItemProblems_AreLocatedByIndex() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","functions",0,"name"],"msg":"Field required","input":{"description":"d"}},
             {"type":"model_attributes_type","loc":["body","functions",1],"msg":"Input should be a valid dictionary or object to extract fields from","input":"f"}]
            """,
            ReadingAssert.Body("""  "functions": [{"description":"d"},"f"]  """));

    [Fact]
    public void ResponseFormatProblems_AreLocatedUnderItsType() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","response_format","json_schema","json_schema","name"],"msg":"Field required","input":{"schema":[],"strict":2}},
             {"type":"dict_type","loc":["body","response_format","json_schema","json_schema","schema"],"msg":"Input should be a valid dictionary","input":[]},
             {"type":"bool_parsing","loc":["body","response_format","json_schema","json_schema","strict"],"msg":"Input should be a valid boolean, unable to interpret input","input":2}]
            """,
            ReadingAssert.Body("""  "response_format": {"type":"json_schema","json_schema":{"schema":[],"strict":2}}  """));

    [Theory]
    [InlineData("""{"type":"json_schema"}""", """[{"type":"missing","loc":["body","response_format","json_schema","json_schema"],"msg":"Field required","input":{"type":"json_schema"}}]""")]
    [InlineData("""{}""", """[{"type":"union_tag_not_found","loc":["body","response_format"],"msg":"Unable to extract tag using discriminator 'type'","input":{},"ctx":{"discriminator":"'type'"}}]""")]
    [InlineData("""{"type":"xml"}""", """[{"type":"union_tag_invalid","loc":["body","response_format"],"msg":"Input tag 'xml' found using 'type' does not match any of the expected tags: 'text', 'json_object', 'json_schema'","input":{"type":"xml"},"ctx":{"discriminator":"'type'","tag":"xml","expected_tags":"'text', 'json_object', 'json_schema'"}}]""")]
    [InlineData("\"json\"", """[{"type":"model_attributes_type","loc":["body","response_format"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"json"}]""")]
    public void ResponseFormatWithoutAUsableType_IsReported(string json, string expected) =>
        ReadingAssert.Problems(expected, ReadingAssert.Body($"\"response_format\": {json}"));

    [Fact]
    public void PredictionWithoutContentOrWithOtherType_IsReported()
    {
        // A plain model whose type is a one-value literal: no tag in locations, each field for itself.
        ReadingAssert.Problems(
            """[{"type":"missing","loc":["body","prediction","content"],"msg":"Field required","input":{"type":"content"}}]""",
            ReadingAssert.Body("""  "prediction": {"type":"content"}  """));
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","prediction","type"],"msg":"Input should be 'content'","input":"text","ctx":{"expected":"'content'"}},
             {"type":"string_type","loc":["body","prediction","content","str"],"msg":"Input should be a valid string","input":5},
             {"type":"list_type","loc":["body","prediction","content","list[tagged-union[ChatCompletionContentPartTextParam]]"],"msg":"Input should be a valid list","input":5}]
            """,
            ReadingAssert.Body("""  "prediction": {"content":5,"type":"text"}  """));
        ReadingAssert.Problems(
            """[{"type":"missing","loc":["body","prediction","type"],"msg":"Field required","input":{"content":"x"}}]""",
            ReadingAssert.Body("""  "prediction": {"content":"x"}  """));
    }

    [Fact]
    public void AudioProblems_AreReportedPerKey() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","audio","format"],"msg":"Input should be 'wav', 'aac', 'mp3', 'flac', 'opus' or 'pcm16'","input":"mp4","ctx":{"expected":"'wav', 'aac', 'mp3', 'flac', 'opus' or 'pcm16'"}},
             {"type":"missing","loc":["body","audio","voice"],"msg":"Field required","input":{"format":"mp4"}}]
            """,
            ReadingAssert.Body("""  "audio": {"format":"mp4"}  """));

    [Fact]
    public void RequiredEnumSentAsNull_IsLiteralError() =>
        ReadingAssert.Problems(
            """[{"type":"literal_error","loc":["body","audio","format"],"msg":"Input should be 'wav', 'aac', 'mp3', 'flac', 'opus' or 'pcm16'","input":null,"ctx":{"expected":"'wav', 'aac', 'mp3', 'flac', 'opus' or 'pcm16'"}}]""",
            ReadingAssert.Body("""  "audio": {"format":null,"voice":"alloy"}  """));

    [Theory]
    [InlineData("\"extreme\"")]
    [InlineData("\"HIGH\"")]
    [InlineData("5")]
    [InlineData("[\"high\"]")]
    public void UnknownReasoningEffort_IsLiteralError_ListingLiteralsInEnumOrder(string json) =>
        ReadingAssert.Problems(
            $$$"""
            [{"type":"literal_error","loc":["body","reasoning_effort"],"msg":"Input should be 'none', 'minimal', 'low', 'medium', 'high', 'xhigh' or 'max'","input":{{{json}}},
              "ctx":{"expected":"'none', 'minimal', 'low', 'medium', 'high', 'xhigh' or 'max'"}}]
            """,
            ReadingAssert.Body($"\"reasoning_effort\": {json}"));

    [Theory]
    [InlineData("service_tier", "\"slow\"", "'auto', 'default', 'flex', 'scale', 'priority' or 'fast'")]
    [InlineData("verbosity", "\"loud\"", "'low', 'medium' or 'high'")]
    public void OtherUnknownEnumLiterals_AreLiteralErrors(string field, string json, string expected) =>
        ReadingAssert.Problems(
            $$$"""[{"type":"literal_error","loc":["body","{{{field}}}"],"msg":"Input should be {{{expected}}}","input":{{{json}}},"ctx":{"expected":"{{{expected}}}"}}]""",
            ReadingAssert.Body($"\"{field}\": {json}"));

    [Theory]
    [InlineData("\"none\"", ReasoningEffort.None)]
    [InlineData("\"minimal\"", ReasoningEffort.Minimal)]
    [InlineData("\"xhigh\"", ReasoningEffort.Xhigh)]
    [InlineData("\"max\"", ReasoningEffort.Max)]
    [InlineData("\"\\u0068igh\"", ReasoningEffort.High)]
    public void EnumLiterals_AreTheValueNamesLowerCased(string json, ReasoningEffort expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"reasoning_effort\": {json}")).ReasoningEffort);

    [Fact]
    public void WebSearchOptionProblems_AreLocatedUnderTheirKeys() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","web_search_options","search_context_size"],"msg":"Input should be 'low', 'medium' or 'high'","input":"max","ctx":{"expected":"'low', 'medium' or 'high'"}},
             {"type":"missing","loc":["body","web_search_options","user_location","approximate"],"msg":"Field required","input":{"type":"approximate"}}]
            """,
            ReadingAssert.Body("""  "web_search_options": {"search_context_size":"max","user_location":{"type":"approximate"}}  """));

    [Fact]
    public void ApproximateLocationWithANonString_IsStringType() =>
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","web_search_options","user_location","approximate","city"],"msg":"Input should be a valid string","input":75001}]""",
            ReadingAssert.Body("""  "web_search_options": {"user_location":{"type":"approximate","approximate":{"city":75001}}}  """));

    [Fact]
    public void StreamOptionsOfWrongKind_IsModelAttributesType() =>
        ReadingAssert.Problems(
            """[{"type":"model_attributes_type","loc":["body","stream_options"],"msg":"Input should be a valid dictionary or object to extract fields from","input":true}]""",
            ReadingAssert.Body("\"stream_options\": true"));

    [Fact]
    public void ModalitiesItemThatIsNotAString_IsLiteralErrorWithTheProtosLiterals() =>
        ReadingAssert.Problems(
            """[{"type":"literal_error","loc":["body","modalities",1],"msg":"Input should be 'text' or 'audio'","input":1,"ctx":{"expected":"'text' or 'audio'"}}]""",
            ReadingAssert.Body("""  "modalities": ["text", 1, "video"]  """));

    [Fact]
    public void ModalitiesNotAList_IsListType() =>
        ReadingAssert.Problems(
            """[{"type":"list_type","loc":["body","modalities"],"msg":"Input should be a valid list","input":"text"}]""",
            ReadingAssert.Body("\"modalities\": \"text\""));

    [Fact]
    public void MapValuesOfWrongKind_AreLocatedByTheirKeys() =>
        ReadingAssert.Problems(
            """
            [{"type":"int_parsing","loc":["body","logit_bias","50256"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"lots"},
             {"type":"int_type","loc":["body","logit_bias","7"],"msg":"Input should be a valid integer","input":null},
             {"type":"string_type","loc":["body","metadata","team"],"msg":"Input should be a valid string","input":5}]
            """,
            ReadingAssert.Body("""  "logit_bias": {"50256":"lots","7":null}, "metadata": {"team":5,"ok":"yes"}  """));

    [Theory]
    [InlineData("logit_bias", "[]")]
    [InlineData("metadata", "\"team=search\"")]
    public void MapNotAnObject_IsDictType(string field, string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"dict_type","loc":["body","{{field}}"],"msg":"Input should be a valid dictionary","input":{{json}}}]""",
            ReadingAssert.Body($"\"{field}\": {json}"));
}
