using ChatGrpc.Server.OpenAi.Reading;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>The reader of objects discriminated by a tag: finding the tag, locating under it, and each kind of variant.</summary>
public class UnionReaderTests
{
    private static readonly ObjectReader<NamedTool> Named = new ObjectReader<NamedTool>(static () => new())
        .String("name", Presence.Required, static (tool, name) => tool.Name = name, essential: true);

    // The tags of tool_choice's object (function, custom, allowed_tools), with variants made up to try each kind.
    private static readonly UnionReader<ToolChoice> Union = new UnionReader<ToolChoice>(UnionTags.ToolChoice, static () => new())
        .Payload(ToolChoice.FunctionFieldNumber, Named.Read, static (choice, named) => choice.Function = named)
        .Variant(ToolChoice.CustomFieldNumber, static keys => keys.String("name", Presence.Required, static (choice, name) => choice.Custom = new NamedTool { Name = name }))
        .Variant(ToolChoice.AllowedToolsFieldNumber, static () => new ToolChoice { AllowedTools = new AllowedTools() });

    [Fact]
    public void Payload_IsReadUnderTheTagAndItsKey()
    {
        var (choice, problems) = Read("""{"type": "function", "function": {"name": "f"}}""");

        Assert.Equal("[]", problems);
        Assert.Equal("f", choice!.Function.Name);
    }

    [Fact]
    public void PayloadWithProblems_GivesNoObject()
    {
        var (missing, missingProblems) = Read("""{"type": "function"}""");
        var (empty, emptyProblems) = Read("""{"type": "function", "function": {}}""");

        Assert.Null(missing);
        Assert.Null(empty);
        Assert.Equal("""[{"type":"missing","loc":["body","function","function"],"msg":"Field required","input":{"type":"function"}}]""", missingProblems);
        Assert.Equal("""[{"type":"missing","loc":["body","function","function","name"],"msg":"Field required","input":{}}]""", emptyProblems);
    }

    [Fact]
    public void VariantWithKeys_IsMadeWithWhateverCouldBeRead()
    {
        var (choice, problems) = Read("""{"type": "custom", "name": 1}""");

        Assert.NotNull(choice);
        Assert.Equal("""[{"type":"string_type","loc":["body","custom","name"],"msg":"Input should be a valid string","input":1}]""", problems);
    }

    [Fact]
    public void VariantWithoutKeys_IsMadeByItsFactory()
    {
        var (choice, problems) = Read("""{"type": "allowed_tools"}""");

        Assert.Equal("[]", problems);
        Assert.Equal(ToolChoice.ChoiceOneofCase.AllowedTools, choice!.ChoiceCase);
    }

    [Theory]
    [InlineData("""{"name": "f"}""", """[{"type":"union_tag_not_found","loc":["body"],"msg":"Unable to extract tag using discriminator 'type'","input":{"name":"f"},"ctx":{"discriminator":"'type'"}}]""")]
    [InlineData("""{"type": "nope"}""", """[{"type":"union_tag_invalid","loc":["body"],"msg":"Input tag 'nope' found using 'type' does not match any of the expected tags: 'function', 'custom', 'allowed_tools'","input":{"type":"nope"},"ctx":{"discriminator":"'type'","tag":"nope","expected_tags":"'function', 'custom', 'allowed_tools'"}}]""")]
    [InlineData("[]", """[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[]}]""")]
    public void NoKnownTag_GivesNoObject(string json, string expectedProblems)
    {
        var (choice, problems) = Read(json);

        Assert.Null(choice);
        Assert.Equal(expectedProblems, problems);
    }

    [Fact]
    public void StrictMode_KnowsTheTagAndTheVariantsKeysOnly()
    {
        var (_, problems) = Read("""{"type": "function", "function": {"name": "f"}, "custom": {}}""", rejectUnknownFields: true);

        Assert.Equal("""[{"type":"extra_forbidden","loc":["body","function","custom"],"msg":"Extra inputs are not permitted","input":{}}]""", problems);
    }

    private static (ToolChoice? Read, string Problems) Read(string json, bool rejectUnknownFields = false) => ReadingAssert.ReadPart(json, Union.Read, rejectUnknownFields);
}
