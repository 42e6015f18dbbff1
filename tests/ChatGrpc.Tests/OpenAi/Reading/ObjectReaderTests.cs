using ChatGrpc.Server.OpenAi.Reading;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>The table-driven object reader every object of the body goes through: presence, order, essential keys, strict mode.</summary>
public class ObjectReaderTests
{
    private static readonly ObjectReader<AudioOutputOptions> Audio = new ObjectReader<AudioOutputOptions>(static () => new())
        .String("voice", Presence.Required, static (audio, voice) => audio.Voice = voice, essential: true);

    // A made-up table over the request's fields, one key for each rule of presence and each kind of value.
    private static readonly ObjectReader<CreateChatCompletionRequest> Reader = new ObjectReader<CreateChatCompletionRequest>(static () => new())
        .String("model", Presence.Required, static (request, model) => request.Model = model)
        .String("user", Presence.RequiredOrNull, static (request, user) => request.User = user)
        .Int64("n", Presence.Optional, static (request, n) => request.N = n)
        .Bool("stream", Presence.Omittable, static (request, stream) => request.Stream = stream)
        .Object("audio", Presence.Optional, Audio.Read, static (request, audio) => request.Audio = audio)
        .List("stop", Presence.Optional, static request => request.Stop, static (item, context) => LaxScalars.TryReadString(item, context, null, out var text) ? text : null, placeholder: "")
        .Map("logit_bias", Presence.Optional, static request => request.LogitBias, LaxScalars.TryReadInt64, unreadable: 0);

    [Fact]
    public void EveryKey_IsReadIntoTheObject()
    {
        var (request, problems) = Read("""{"model": "m", "user": "u", "n": "3", "stream": "yes", "audio": {"voice": "v"}, "stop": ["s"], "logit_bias": {"7": 5}}""");

        Assert.Equal("[]", problems);
        var expected = new CreateChatCompletionRequest { Model = "m", User = "u", N = 3, Stream = true, Audio = new AudioOutputOptions { Voice = "v" }, Stop = { "s" }, LogitBias = { ["7"] = 5 } };
        Assert.Equal(expected, request);
    }

    [Fact]
    public void AbsentKeys_AreMissingWhenRequired_AndLeftUnsetOtherwise()
    {
        var (request, problems) = Read("{}");

        Assert.Equal(
            """[{"type":"missing","loc":["body","model"],"msg":"Field required","input":{}},{"type":"missing","loc":["body","user"],"msg":"Field required","input":{}}]""",
            problems);
        Assert.Equal(new CreateChatCompletionRequest(), request);
    }

    [Fact]
    public void Null_IsUnsetWhereOptionalOrNullable_AndTheWrongKindWhereOnlyOmittable()
    {
        var (request, problems) = Read("""{"model": "m", "user": null, "n": null, "stream": null, "audio": null, "stop": null, "logit_bias": null}""");

        Assert.Equal("""[{"type":"bool_type","loc":["body","stream"],"msg":"Input should be a valid boolean","input":null}]""", problems);
        Assert.Equal(new CreateChatCompletionRequest { Model = "m" }, request);
    }

    [Fact]
    public void Problems_AreReportedInTheTablesOrder_NotTheBodys_AndNestedValuesUnderTheirKey()
    {
        var (_, problems) = Read("""{"logit_bias": {"7": "x"}, "stop": [1], "audio": {}, "n": [], "model": 1, "user": "u"}""");

        Assert.Equal(
            "[" + string.Join(
                ",",
                """{"type":"string_type","loc":["body","model"],"msg":"Input should be a valid string","input":1}""",
                """{"type":"int_type","loc":["body","n"],"msg":"Input should be a valid integer","input":[]}""",
                """{"type":"missing","loc":["body","audio","voice"],"msg":"Field required","input":{}}""",
                """{"type":"string_type","loc":["body","stop",0],"msg":"Input should be a valid string","input":1}""",
                """{"type":"int_parsing","loc":["body","logit_bias","7"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}""") + "]",
            problems);
    }

    [Fact]
    public void RepeatedKey_GivesItsLastValue()
    {
        var (request, problems) = Read("""{"model": 1, "model": "last", "user": "u"}""");

        Assert.Equal("[]", problems);
        Assert.Equal("last", request!.Model);
    }

    [Fact]
    public void EssentialKey_WithProblems_GivesNoObject_AfterReadingTheOthers()
    {
        var essential = new ObjectReader<CreateChatCompletionRequest>(static () => new())
            .String("model", Presence.Required, static (request, model) => request.Model = model, essential: true)
            .Int64("n", Presence.Optional, static (request, n) => request.N = n);

        var (missing, missingProblems) = ReadingAssert.ReadPart("""{"n": "x"}""", essential.Read);
        var (wrong, _) = ReadingAssert.ReadPart("""{"model": 1}""", essential.Read);
        var (read, _) = ReadingAssert.ReadPart("""{"model": "m"}""", essential.Read);

        Assert.Null(missing);
        Assert.Null(wrong);
        Assert.Equal("m", read!.Model);
        Assert.Equal(
            """[{"type":"missing","loc":["body","model"],"msg":"Field required","input":{"n":"x"}},{"type":"int_parsing","loc":["body","n"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]""",
            missingProblems);
    }

    [Fact]
    public void NotAnObject_IsModelAttributesType()
    {
        var (request, problems) = Read("[]");

        Assert.Null(request);
        Assert.Equal("""[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[]}]""", problems);
    }

    [Fact]
    public void StrictMode_ReportsUnknownKeysFirst_AndTheTableIsTheKnownKeys()
    {
        var (_, problems) = ReadingAssert.ReadPart("""{"model": "m", "user": "u", "other": 1, "n": "x"}""", Reader.Read, rejectUnknownFields: true);

        Assert.Equal(
            """[{"type":"extra_forbidden","loc":["body","other"],"msg":"Extra inputs are not permitted","input":1},{"type":"int_parsing","loc":["body","n"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]""",
            problems);
        Assert.True(Reader.Keys.Contains("logit_bias"u8));
        Assert.False(Reader.Keys.Contains("other"u8));
    }

    [Fact]
    public void KeyTwice_IsRefusedWhenTheTableIsBuilt() => Assert.Throws<ArgumentException>(() => Reader.Tag("model"));

    private static (CreateChatCompletionRequest? Read, string Problems) Read(string json) => ReadingAssert.ReadPart(json, Reader.Read);
}
