namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Unions of shapes (a string or a list, a string or an object): one entry per member when none matches.</summary>
public class ShapeUnionTests
{
    [Theory]
    [InlineData("developer")]
    [InlineData("system")]
    public void TextContentOfWrongKind_IsReportedAgainstBothMembers(string role) =>
        ReadingAssert.Problems(
            $$"""
            [{"type":"string_type","loc":["body","messages",0,"{{role}}","content","str"],"msg":"Input should be a valid string","input":5},
             {"type":"list_type","loc":["body","messages",0,"{{role}}","content","list[tagged-union[ChatCompletionContentPartTextParam]]"],"msg":"Input should be a valid list","input":5}]
            """,
            ReadingAssert.BodyWithMessage($$"""{"role":"{{role}}","content":5}"""));

    [Fact]
    public void TextPartWithoutText_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"tool","content","str"],"msg":"Input should be a valid string","input":[{"type":"text"}]},
             {"type":"missing","loc":["body","messages",0,"tool","content","list[tagged-union[ChatCompletionContentPartTextParam]]",0,"text","text"],"msg":"Field required","input":{"type":"text"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"tool","tool_call_id":"c","content":[{"type":"text"}]}"""));

    [Fact]
    public void TextOnlyContentWithAnImagePart_IsUnionTagInvalid() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"system","content","str"],"msg":"Input should be a valid string","input":[{"type":"image_url"}]},
             {"type":"union_tag_invalid","loc":["body","messages",0,"system","content","list[tagged-union[ChatCompletionContentPartTextParam]]",0],
              "msg":"Input tag 'image_url' found using 'type' does not match any of the expected tags: 'text'","input":{"type":"image_url"},
              "ctx":{"discriminator":"'type'","tag":"image_url","expected_tags":"'text'"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"system","content":[{"type":"image_url"}]}"""));

    [Fact]
    public void UserContentNull_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"user","content","str"],"msg":"Input should be a valid string","input":null},
             {"type":"list_type","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]"],"msg":"Input should be a valid list","input":null}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"user","content":null}"""));

    [Fact]
    public void UserParts_ReportEachPartsProblemsUnderItsType() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"user","content","str"],"msg":"Input should be a valid string",
              "input":[5,{"text":"a"},{"type":"video"},{"type":"image_url","image_url":{"detail":"ultra"}},{"type":"input_audio","input_audio":{"data":1,"format":"ogg"}},{"type":"file"},{"type":"file","file":{"file_id":2}}]},
             {"type":"model_attributes_type","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",0],"msg":"Input should be a valid dictionary or object to extract fields from","input":5},
             {"type":"union_tag_not_found","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",1],"msg":"Unable to extract tag using discriminator 'type'","input":{"text":"a"},"ctx":{"discriminator":"'type'"}},
             {"type":"union_tag_invalid","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",2],
              "msg":"Input tag 'video' found using 'type' does not match any of the expected tags: 'text', 'image_url', 'input_audio', 'file'","input":{"type":"video"},
              "ctx":{"discriminator":"'type'","tag":"video","expected_tags":"'text', 'image_url', 'input_audio', 'file'"}},
             {"type":"missing","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",3,"image_url","image_url","url"],"msg":"Field required","input":{"detail":"ultra"}},
             {"type":"literal_error","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",3,"image_url","image_url","detail"],"msg":"Input should be 'auto', 'low' or 'high'","input":"ultra","ctx":{"expected":"'auto', 'low' or 'high'"}},
             {"type":"string_type","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",4,"input_audio","input_audio","data"],"msg":"Input should be a valid string","input":1},
             {"type":"literal_error","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",4,"input_audio","input_audio","format"],"msg":"Input should be 'wav' or 'mp3'","input":"ogg","ctx":{"expected":"'wav' or 'mp3'"}},
             {"type":"missing","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",5,"file","file"],"msg":"Field required","input":{"type":"file"}},
             {"type":"string_type","loc":["body","messages",0,"user","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartImageParam,ChatCompletionContentPartInputAudioParam,File]]",6,"file","file","file_id"],"msg":"Input should be a valid string","input":2}]
            """,
            ReadingAssert.BodyWithMessage("""
                {"role":"user","content":[5,{"text":"a"},{"type":"video"},{"type":"image_url","image_url":{"detail":"ultra"}},
                  {"type":"input_audio","input_audio":{"data":1,"format":"ogg"}},{"type":"file"},{"type":"file","file":{"file_id":2}}]}
                """));

    [Fact]
    public void AssistantParts_AcceptTextAndRefusalOnly() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"assistant","content","str"],"msg":"Input should be a valid string","input":[{"type":"refusal"},{"type":"image_url"}]},
             {"type":"missing","loc":["body","messages",0,"assistant","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartRefusalParam]]",0,"refusal","refusal"],"msg":"Field required","input":{"type":"refusal"}},
             {"type":"union_tag_invalid","loc":["body","messages",0,"assistant","content","list[tagged-union[ChatCompletionContentPartTextParam,ChatCompletionContentPartRefusalParam]]",1],
              "msg":"Input tag 'image_url' found using 'type' does not match any of the expected tags: 'text', 'refusal'","input":{"type":"image_url"},
              "ctx":{"discriminator":"'type'","tag":"image_url","expected_tags":"'text', 'refusal'"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"assistant","content":[{"type":"refusal"},{"type":"image_url"}]}"""));

    [Fact]
    public void PredictionContentOfWrongKind_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","prediction","content","str"],"msg":"Input should be a valid string","input":{"text":"x"}},
             {"type":"list_type","loc":["body","prediction","content","list[tagged-union[ChatCompletionContentPartTextParam]]"],"msg":"Input should be a valid list","input":{"text":"x"}}]
            """,
            ReadingAssert.Body("""  "prediction": {"type":"content","content":{"text":"x"}}  """));

    [Fact]
    public void StopOfWrongKind_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","stop","str"],"msg":"Input should be a valid string","input":5},
             {"type":"list_type","loc":["body","stop","list[str]"],"msg":"Input should be a valid list","input":5}]
            """,
            ReadingAssert.Body("\"stop\": 5"));

    [Fact]
    public void StopListWithANonString_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","stop","str"],"msg":"Input should be a valid string","input":["a",5]},
             {"type":"string_type","loc":["body","stop","list[str]",1],"msg":"Input should be a valid string","input":5}]
            """,
            ReadingAssert.Body("""  "stop": ["a", 5]  """));

    [Fact]
    public void UnknownToolChoiceMode_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":"sometimes","ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"model_attributes_type","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"sometimes"}]
            """,
            ReadingAssert.Body("\"tool_choice\": \"sometimes\""));

    [Fact]
    public void ToolChoiceOfWrongKind_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":[],"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"model_attributes_type","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[]}]
            """,
            ReadingAssert.Body("\"tool_choice\": []"));

    [Fact]
    public void ToolChoiceObjectWithProblems_AlsoReportsTheStringMember() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":{"type":"function","function":{}},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"missing","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","function","function","name"],"msg":"Field required","input":{}}]
            """,
            ReadingAssert.Body("""  "tool_choice": {"type":"function","function":{}}  """));

    [Fact]
    public void ToolChoiceObjectWithUnknownType_IsUnionTagInvalidUnderDict() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":{"type":"web"},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"union_tag_invalid","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]"],
              "msg":"Input tag 'web' found using 'type' does not match any of the expected tags: 'function', 'custom', 'allowed_tools'","input":{"type":"web"},
              "ctx":{"discriminator":"'type'","tag":"web","expected_tags":"'function', 'custom', 'allowed_tools'"}}]
            """,
            ReadingAssert.Body("""  "tool_choice": {"type":"web"}  """));

    [Fact]
    public void AllowedToolsProblems_AreLocatedUnderDictAndTag() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'",
              "input":{"type":"allowed_tools","allowed_tools":{"mode":"any","tools":[{"type":"custom"},{"function":{"name":"f"}}]}},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"literal_error","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","allowed_tools","allowed_tools","mode"],"msg":"Input should be 'auto' or 'required'","input":"any","ctx":{"expected":"'auto' or 'required'"}},
             {"type":"missing","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","allowed_tools","allowed_tools","tools",0,"custom","custom"],"msg":"Field required","input":{"type":"custom"}},
             {"type":"union_tag_not_found","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","allowed_tools","allowed_tools","tools",1],"msg":"Unable to extract tag using discriminator 'type'","input":{"function":{"name":"f"}},"ctx":{"discriminator":"'type'"}}]
            """,
            ReadingAssert.Body("""  "tool_choice": {"type":"allowed_tools","allowed_tools":{"mode":"any","tools":[{"type":"custom"},{"function":{"name":"f"}}]}}  """));

    [Fact]
    public void AllowedToolsWithoutModeOrTools_IsMissing() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","tool_choice","literal['none','auto','required']"],"msg":"Input should be 'none', 'auto' or 'required'","input":{"type":"allowed_tools","allowed_tools":{}},"ctx":{"expected":"'none', 'auto' or 'required'"}},
             {"type":"missing","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","allowed_tools","allowed_tools","mode"],"msg":"Field required","input":{}},
             {"type":"missing","loc":["body","tool_choice","tagged-union[ChatCompletionNamedToolChoiceParam,ChatCompletionNamedToolChoiceCustomParam,ChatCompletionAllowedToolChoiceParam]","allowed_tools","allowed_tools","tools"],"msg":"Field required","input":{}}]
            """,
            ReadingAssert.Body("""  "tool_choice": {"type":"allowed_tools","allowed_tools":{}}  """));

    [Fact]
    public void UnknownFunctionCallMode_IsReportedAgainstBothMembers() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","function_call","literal['none','auto']"],"msg":"Input should be 'none' or 'auto'","input":"required","ctx":{"expected":"'none' or 'auto'"}},
             {"type":"model_attributes_type","loc":["body","function_call","ChatCompletionFunctionCallOptionParam"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"required"}]
            """,
            ReadingAssert.Body("\"function_call\": \"required\""));

    [Fact]
    public void FunctionCallObjectWithoutName_AlsoReportsTheStringMember() =>
        ReadingAssert.Problems(
            """
            [{"type":"literal_error","loc":["body","function_call","literal['none','auto']"],"msg":"Input should be 'none' or 'auto'","input":{},"ctx":{"expected":"'none' or 'auto'"}},
             {"type":"missing","loc":["body","function_call","ChatCompletionFunctionCallOptionParam","name"],"msg":"Field required","input":{}}]
            """,
            ReadingAssert.Body("\"function_call\": {}"));
}
