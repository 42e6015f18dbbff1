namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Messages: discriminated by role, the role after the index in every location.</summary>
public class MessageReadingTests
{
    [Fact]
    public void MissingModelAndMessages_AreMissingWithTheBodyAsInput() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","messages"],"msg":"Field required","input":{"stream":true}},
             {"type":"missing","loc":["body","model"],"msg":"Field required","input":{"stream":true}}]
            """,
            """{"stream":true}""");

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("\"hi\"")]
    public void MessagesNotAList_IsListType(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"list_type","loc":["body","messages"],"msg":"Input should be a valid list","input":{{json}}}]""",
            $$"""{"model":"m","messages":{{json}}}""");

    [Fact]
    public void EmptyMessages_IsLeftToTheProtoRules() =>
        Assert.Empty(ReadingAssert.Valid("""{"model":"m","messages":[]}""").Messages);

    [Theory]
    [InlineData("5")]
    [InlineData("\"hi\"")]
    [InlineData("null")]
    [InlineData("[]")]
    public void MessageNotAnObject_IsModelAttributesType(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"model_attributes_type","loc":["body","messages",0],"msg":"Input should be a valid dictionary or object to extract fields from","input":{{json}}}]""",
            ReadingAssert.BodyWithMessage(json));

    [Fact]
    public void MessageWithoutRole_IsUnionTagNotFound() =>
        ReadingAssert.Problems(
            """[{"type":"union_tag_not_found","loc":["body","messages",0],"msg":"Unable to extract tag using discriminator 'role'","input":{"content":"hi"},"ctx":{"discriminator":"'role'"}}]""",
            ReadingAssert.BodyWithMessage("""{"content":"hi"}"""));

    [Theory]
    [InlineData("""{"role":5,"content":"hi"}""", "5")]
    [InlineData("""{"role":null,"content":"hi"}""", "None")]
    [InlineData("""{"role":true}""", "True")]
    [InlineData("""{"role":-1.5e-7}""", "-1.5e-07")]
    [InlineData("""{"role":1E+22}""", "1e+22")]
    [InlineData("""{"role":100.0}""", "100.0")]
    [InlineData("""{"role":["user",null,false]}""", "['user', None, False]")]
    [InlineData("""{"role":{"a":"it's","a":{"b":"x\ny"}}}""", "{'a': {'b': 'x\\ny'}}")]
    public void RoleThatIsNotAString_IsUnionTagInvalid_WrittenAsPythonStr(string message, string tag) =>
        ReadingAssert.Problems(
            $$$"""
            [{"type":"union_tag_invalid","loc":["body","messages",0],
              "msg":{{{System.Text.Json.JsonSerializer.Serialize($"Input tag '{tag}' found using 'role' does not match any of the expected tags: 'developer', 'system', 'user', 'assistant', 'tool', 'function'")}}},
              "input":{{{message}}},
              "ctx":{"discriminator":"'role'","tag":{{{System.Text.Json.JsonSerializer.Serialize(tag)}}},"expected_tags":"'developer', 'system', 'user', 'assistant', 'tool', 'function'"}}]
            """,
            ReadingAssert.BodyWithMessage(message));

    [Fact]
    public void UnknownRole_IsUnionTagInvalid_ListingRolesInSchemaOrder() =>
        ReadingAssert.Problems(
            """
            [{"type":"union_tag_invalid","loc":["body","messages",0],
              "msg":"Input tag 'robot' found using 'role' does not match any of the expected tags: 'developer', 'system', 'user', 'assistant', 'tool', 'function'",
              "input":{"role":"robot","content":"hi"},
              "ctx":{"discriminator":"'role'","tag":"robot","expected_tags":"'developer', 'system', 'user', 'assistant', 'tool', 'function'"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"robot","content":"hi"}"""));

    [Theory]
    [InlineData("developer")]
    [InlineData("system")]
    [InlineData("user")]
    [InlineData("tool")]
    [InlineData("function")]
    public void RoleWithoutContent_IsMissingAfterTheRole(string role)
    {
        var message = role switch
        {
            "tool" => """{"role":"tool","tool_call_id":"c"}""",
            "function" => """{"role":"function","name":"f"}""",
            _ => $$"""{"role":"{{role}}"}""",
        };

        ReadingAssert.Problems(
            $$"""[{"type":"missing","loc":["body","messages",0,"{{role}}","content"],"msg":"Field required","input":{{message}}}]""",
            ReadingAssert.BodyWithMessage(message));
    }

    [Fact]
    public void ToolMessageWithoutToolCallId_IsMissing() =>
        ReadingAssert.Problems(
            """[{"type":"missing","loc":["body","messages",0,"tool","tool_call_id"],"msg":"Field required","input":{"role":"tool","content":"42"}}]""",
            ReadingAssert.BodyWithMessage("""{"role":"tool","content":"42"}"""));

    [Fact]
    public void FunctionMessageWithoutName_IsMissing_AndNullNameIsStringType()
    {
        ReadingAssert.Problems(
            """[{"type":"missing","loc":["body","messages",0,"function","name"],"msg":"Field required","input":{"role":"function","content":null}}]""",
            ReadingAssert.BodyWithMessage("""{"role":"function","content":null}"""));
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","messages",0,"function","name"],"msg":"Input should be a valid string","input":null}]""",
            ReadingAssert.BodyWithMessage("""{"role":"function","content":"x","name":null}"""));
    }

    [Fact]
    public void FunctionMessageContentOfWrongKind_IsStringType() =>
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","messages",0,"function","content"],"msg":"Input should be a valid string","input":5}]""",
            ReadingAssert.BodyWithMessage("""{"role":"function","content":5,"name":"f"}"""));

    [Fact]
    public void AssistantMessageWithNothingButItsRole_IsValid() =>
        Assert.Equal(ChatGrpc.V1.ChatMessage.RoleOneofCase.Assistant, ReadingAssert.Valid(ReadingAssert.BodyWithMessage("""{"role":"assistant"}""")).Messages[0].RoleCase);

    [Fact]
    public void MessageFieldsOfWrongKind_AreReportedUnderTheRole() =>
        ReadingAssert.Problems(
            """
            [{"type":"string_type","loc":["body","messages",0,"assistant","refusal"],"msg":"Input should be a valid string","input":1},
             {"type":"string_type","loc":["body","messages",0,"assistant","name"],"msg":"Input should be a valid string","input":true},
             {"type":"model_attributes_type","loc":["body","messages",0,"assistant","audio"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"a1"},
             {"type":"list_type","loc":["body","messages",0,"assistant","tool_calls"],"msg":"Input should be a valid list","input":{}},
             {"type":"missing","loc":["body","messages",0,"assistant","function_call","arguments"],"msg":"Field required","input":{"name":"f"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"assistant","refusal":1,"name":true,"audio":"a1","tool_calls":{},"function_call":{"name":"f"}}"""));

    [Fact]
    public void AssistantAudioWithoutId_IsMissing() =>
        ReadingAssert.Problems(
            """[{"type":"missing","loc":["body","messages",0,"assistant","audio","id"],"msg":"Field required","input":{}}]""",
            ReadingAssert.BodyWithMessage("""{"role":"assistant","audio":{}}"""));

    [Fact]
    public void ToolCallProblems_AreLocatedUnderTheCallsType() =>
        ReadingAssert.Problems(
            """
            [{"type":"missing","loc":["body","messages",0,"assistant","tool_calls",0,"function","id"],"msg":"Field required","input":{"type":"function","function":{"name":"f"}}},
             {"type":"missing","loc":["body","messages",0,"assistant","tool_calls",0,"function","function","arguments"],"msg":"Field required","input":{"name":"f"}},
             {"type":"missing","loc":["body","messages",0,"assistant","tool_calls",1,"custom","custom"],"msg":"Field required","input":{"id":"c2","type":"custom"}},
             {"type":"string_type","loc":["body","messages",0,"assistant","tool_calls",2,"custom","custom","input"],"msg":"Input should be a valid string","input":7}]
            """,
            ReadingAssert.BodyWithMessage("""
                {"role":"assistant","tool_calls":[
                  {"type":"function","function":{"name":"f"}},
                  {"id":"c2","type":"custom"},
                  {"id":"c3","type":"custom","custom":{"name":"sql","input":7}}]}
                """));

    [Fact]
    public void ToolCallWithUnknownType_IsUnionTagInvalid() =>
        ReadingAssert.Problems(
            """
            [{"type":"union_tag_invalid","loc":["body","messages",0,"assistant","tool_calls",0],
              "msg":"Input tag 'web' found using 'type' does not match any of the expected tags: 'function', 'custom'",
              "input":{"id":"c","type":"web"},
              "ctx":{"discriminator":"'type'","tag":"web","expected_tags":"'function', 'custom'"}}]
            """,
            ReadingAssert.BodyWithMessage("""{"role":"assistant","tool_calls":[{"id":"c","type":"web"}]}"""));

    [Fact]
    public void ProblemsInSeveralMessages_AreAllReported() =>
        ReadingAssert.Problems(
            """
            [{"type":"union_tag_not_found","loc":["body","messages",0],"msg":"Unable to extract tag using discriminator 'role'","input":{},"ctx":{"discriminator":"'role'"}},
             {"type":"missing","loc":["body","messages",2,"user","content"],"msg":"Field required","input":{"role":"user"}}]
            """,
            """{"model":"m","messages":[{},{"role":"user","content":"ok"},{"role":"user"}]}""");
}
