using ChatGrpc.Server.OpenAi.Reading;
using Google.Protobuf.Collections;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Arrays of the body, and the list member of a string-or-list union.</summary>
public class JsonListsTests
{
    [Fact]
    public void ListMember_WithoutProblems_IsRead()
    {
        var (read, list, problems) = ReadListMember("""["a", "b"]""");

        Assert.True(read);
        Assert.Equal(["a", "b"], list);
        Assert.Equal("[]", problems);
    }

    [Fact]
    public void ListMember_WithProblems_ReportsTheStringMemberAheadOfThem_AndKeepsTheIndexesWithPlaceholders()
    {
        var (read, list, problems) = ReadListMember("""[1, "b"]""");

        Assert.False(read);
        Assert.Equal(["?", "b"], list);
        Assert.Equal(
            """[{"type":"string_type","loc":["body","str"],"msg":"Input should be a valid string","input":[1,"b"]},{"type":"string_type","loc":["body","list[str]",0],"msg":"Input should be a valid string","input":1}]""",
            problems);
    }

    [Fact]
    public void ListMember_NotAnArray_IsListTypeAfterTheStringMember()
    {
        var (read, _, problems) = ReadListMember("{}");

        Assert.False(read);
        Assert.Equal(
            """[{"type":"string_type","loc":["body","str"],"msg":"Input should be a valid string","input":{}},{"type":"list_type","loc":["body","list[str]"],"msg":"Input should be a valid list","input":{}}]""",
            problems);
    }

    private static (bool Read, RepeatedField<string> List, string Problems) ReadListMember(string json)
    {
        var list = new RepeatedField<string>();
        var (read, problems) = ReadingAssert.ReadPart(json, (value, context) => JsonLists.TryReadListMember(
            value, context, "list[str]", list, static (item, itemContext) => LaxScalars.TryReadString(item, itemContext, null, out var text) ? text : null, placeholder: "?"));
        return (read, list, problems);
    }
}
