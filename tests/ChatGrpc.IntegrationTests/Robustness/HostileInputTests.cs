using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers.Development;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Hostile REST bodies, each with the exact answer it must get. After each, the server still answers a normal
/// request, and the body has left nothing behind: the managed memory of the process (after a full collection)
/// is within an allowance (a base and a multiple of the body's size) of where it was just before the body was sent. The class runs alone,
/// so that no other test's allocations show in that difference.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class HostileInputTests(ChatGrpcServerFixture server) : IClassFixture<ChatGrpcServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";
    private const string Messages = """ "messages":[{"role":"user","content":"hi"}] """;
    // What a served body may leave behind: buffers the server's pools keep for the next body of that size (measured:
    // 47 MiB after the first 4 MiB body, 9 MiB after a 1 MiB one, under 2 MiB after small ones), and the answer this
    // test holds. A body kept referenced, or its parsed document, is more again; so is a pool that grows per request.
    private const long MemoryAllowanceBase = 16L * 1024 * 1024;
    private const long MemoryAllowancePerBodyByte = 12;

    private long _managedBytesBeforeBody;
    private int _bodyBytes;

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    public async Task Nesting100000Deep_IsJsonInvalidWhereItPassesTheDepthLimit(string opener, string closer)
    {
        var prefix = $$"""{"model":"chatgrpc-dev",{{Messages}},"metadata":""";
        var body = prefix + string.Concat(Enumerable.Repeat(opener, 100_000)) + "0" + string.Concat(Enumerable.Repeat(closer, 100_000)) + "}";

        // The body is level 1, so the 64th opener is the one that goes past the limit of 64.
        await AssertAnswerAsync(body, HttpStatusCode.UnprocessableEntity, $$$"""
            {"detail":[{"type":"json_invalid","loc":["body",{{{prefix.Length + (63 * opener.Length)}}}],"msg":"JSON decode error","input":{},
              "ctx":{"error":"Nesting exceeds the maximum depth of 64"}}]}
            """);
    }

    [Fact]
    public async Task ThreeMegabyteContent_IsAnsweredEchoingItsFirst2000CharactersAndACutMark()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789", 300_000));

        using var response = await PostAsync($$"""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"{{text}}"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(
            DevelopmentReplyText.EchoPrefix + text[..DevelopmentReplyText.MaxEchoLength] + DevelopmentReplyText.EchoCutMark,
            (string?)completion["choices"]![0]!["message"]!["content"]);
        await AssertStillServingWithinMemoryAsync();
    }

    [Fact]
    public async Task ThreeMegabyteModelName_Is404QuotingItShortened()
    {
        var model = new string('m', 3_000_000);

        await AssertAnswerAsync($$"""{"model":"{{model}}",{{Messages}}}""", HttpStatusCode.NotFound, ErrorBody.Json(
            ChatErrorKind.NotFound,
            $"The model '{model[..128]}...' does not exist or is not served by this gateway. Served models: chatgrpc-dev.",
            param: "model"));
    }

    [Fact]
    public async Task ThreeMegabyteStringAsTemperature_Is422FloatParsingQuotingItWhole()
    {
        var text = new string('9', 3_000_000) + "x";

        await AssertAnswerAsync($$"""{"model":"chatgrpc-dev",{{Messages}},"temperature":"{{text}}"}""", HttpStatusCode.UnprocessableEntity, $$"""
            {"detail":[{"type":"float_parsing","loc":["body","temperature"],"msg":"Input should be a valid number, unable to parse string as a number","input":"{{text}}"}]}
            """);
    }

    [Fact]
    public async Task StopOf500000Numbers_Is422WithTheFirstThousandProblems()
    {
        var numbers = string.Join(',', Enumerable.Range(0, 500_000).Select(i => i % 10));
        var body = $$"""{"model":"chatgrpc-dev",{{Messages}},"stop":[{{numbers}}]}""";

        using (var response = await PostAsync(body))
        {
            // One problem per item, as Pydantic would, up to the gateway's limit: reading stops there.
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var detail = document.RootElement.GetProperty("detail");
            Assert.Equal(ValidationLimits.MaxProblems, detail.GetArrayLength());
            JsonAssert.Equal(
                """{"type":"string_type","loc":["body","stop","list[str]",0],"msg":"Input should be a valid string","input":0}""",
                detail[0].GetRawText());
            JsonAssert.Equal(
                """{"type":"string_type","loc":["body","stop","list[str]",999],"msg":"Input should be a valid string","input":9}""",
                detail[ValidationLimits.MaxProblems - 1].GetRawText());
        }

        await AssertStillServingWithinMemoryAsync();
    }

    [Fact]
    public async Task StopOfTwoMillionNumbersFillingTheBodyLimit_Is422WithinBoundedMemory()
    {
        var numbers = string.Join(',', Enumerable.Range(0, 2_090_000).Select(i => i % 10));
        var body = $$"""{"model":"chatgrpc-dev",{{Messages}},"stop":[{{numbers}}]}""";
        Assert.True(body.Length < RestAnswerOracle.MaxBodyBytes);

        using (var response = await PostAsync(body))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            await response.Content.CopyToAsync(Stream.Null);
        }

        await AssertStillServingWithinMemoryAsync();
    }

    [Fact]
    public async Task TemperatureBeyondTheRangeOfDoubles_Is422LessThanEqualQuotingItAsSent()
    {
        var answer = await AssertAnswerAsync($$"""{"model":"chatgrpc-dev",{{Messages}},"temperature":1e400}""", HttpStatusCode.UnprocessableEntity, """
            {"detail":[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 2","input":1e400,"ctx":{"le":2.0}}]}
            """);

        using var document = JsonDocument.Parse(answer);
        Assert.Equal("1e400", document.RootElement.GetProperty("detail")[0].GetProperty("input").GetRawText());
    }

    [Fact]
    public Task SeedBeyondInt64_Is422LessThanEqualTheLargestInt64() =>
        AssertAnswerAsync($$"""{"model":"chatgrpc-dev",{{Messages}},"seed":9223372036854775808}""", HttpStatusCode.UnprocessableEntity, """
            {"detail":[{"type":"less_than_equal","loc":["body","seed"],"msg":"Input should be less than or equal to 9223372036854775807","input":9223372036854775808,"ctx":{"le":9223372036854775807}}]}
            """);

    [Theory]
    [InlineData("\"n\":9223372036854775808", "[\"body\",\"n\"]", "less_than_equal", "9223372036854775808", "le", "128")]
    [InlineData("\"n\":-9223372036854775809", "[\"body\",\"n\"]", "greater_than_equal", "-9223372036854775809", "ge", "1")]
    [InlineData("\"logprobs\":true,\"top_logprobs\":9223372036854775808", "[\"body\",\"top_logprobs\"]", "less_than_equal", "9223372036854775808", "le", "20")]
    [InlineData("\"logit_bias\":{\"50256\":9223372036854775808}", "[\"body\",\"logit_bias\",\"50256\"]", "less_than_equal", "9223372036854775808", "le", "100")]
    public Task IntegerBeyondInt64ForABoundedField_Is422WithTheFieldsOwnBound(string field, string location, string type, string input, string boundName, string bound)
    {
        // Python's ints have no limit: Pydantic checks the field's own bound, not int64's.
        var message = $"Input should be {(boundName == "le" ? "less" : "greater")} than or equal to {bound}";
        return AssertAnswerAsync($$"""{"model":"chatgrpc-dev",{{Messages}},{{field}}}""", HttpStatusCode.UnprocessableEntity, $$$"""
            {"detail":[{"type":"{{{type}}}","loc":{{{location}}},"msg":"{{{message}}}","input":{{{input}}},"ctx":{"{{{boundName}}}":{{{bound}}}}}]}
            """);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public async Task InvalidUtf8_Is422JsonInvalidAtTheFirstBadCharacter(byte[] invalid)
    {
        var before = """{"model":"chatgrpc-dev","messages":[{"role":"user","content":"é """;
        byte[] body = [.. Encoding.UTF8.GetBytes(before), .. invalid, .. "\"}]}"u8.ToArray()];

        await AssertAnswerAsync(body, "application/json", HttpStatusCode.UnprocessableEntity, $$$"""
            {"detail":[{"type":"json_invalid","loc":["body",{{{before.Length}}}],"msg":"JSON decode error","input":{},"ctx":{"error":"Invalid UTF-8 encoding"}}]}
            """);
    }

    [Fact]
    public async Task DuplicateKeys_TheLastOneWins()
    {
        using var response = await PostAsync("""
            {"model":"gpt-nothing","messages":[{"role":"user","content":"first"}],"stream":true,
             "model":"chatgrpc-dev","messages":[{"role":"user","content":"second","content":"third"}],"stream":false}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(DevelopmentReplyText.EchoPrefix + "third", (string?)completion["choices"]![0]!["message"]!["content"]);
        await AssertStillServingWithinMemoryAsync();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public Task NaNAndInfinityTokens_Are422JsonInvalid(string token)
    {
        var before = $$"""{"model":"chatgrpc-dev",{{Messages}},"temperature":""";

        // Python's json would read these; FastAPI's request parsing does not (it is strict JSON), and neither does this.
        return AssertAnswerAsync(before + token + "}", HttpStatusCode.UnprocessableEntity, $$$"""
            {"detail":[{"type":"json_invalid","loc":["body",{{{before.Length}}}],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}
            """);
    }

    [Theory]
    [InlineData("-Infinity")]
    [InlineData("-x")]
    [InlineData("- 1")]
    public Task MinusNotFollowedByADigit_Is422JsonInvalidAtTheMinus(string token)
    {
        // Where Python's json stops: at the '-' whose number has no digits.
        var before = $$"""{"model":"chatgrpc-dev",{{Messages}},"temperature":""";

        return AssertAnswerAsync(before + token + "}", HttpStatusCode.UnprocessableEntity, $$$"""
            {"detail":[{"type":"json_invalid","loc":["body",{{{before.Length}}}],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}
            """);
    }

    [Fact]
    public Task TenMegabyteBody_Is413() =>
        AssertAnswerAsync($$"""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"{{new string('x', 10_000_000)}}"}]}""", HttpStatusCode.RequestEntityTooLarge, ErrorBody.Json(ChatErrorKind.RequestTooLarge, "The request body is larger than the limit of 4194304 bytes."));

    [Fact]
    public Task EmptyBody_Is422MissingBody() =>
        AssertAnswerAsync([], "application/json", HttpStatusCode.UnprocessableEntity, """
            {"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}
            """);

    [Theory]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("-1.5e3")]
    [InlineData("true")]
    public Task JsonScalarAsTheWholeBody_Is422ModelAttributesTypeQuotingIt(string body) =>
        AssertAnswerAsync(body, HttpStatusCode.UnprocessableEntity, $$"""
            {"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":{{body}}}]}
            """);

    [Fact]
    public Task JsonNullAsTheWholeBody_Is422MissingAsFastApiReadsIt() =>
        AssertAnswerAsync("null", HttpStatusCode.UnprocessableEntity, """
            {"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}
            """);

    [Fact]
    public async Task LoneSurrogateEscapeInAValidString_IsAnswered()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"a\ud800b\udc00"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["object"]);
        await AssertStillServingWithinMemoryAsync();
    }

    [Theory]
    [InlineData("""{"model":"chatgrpc-dev","messages":"\ud800"}""", """["body","messages"]""", "list_type", "\"\\ud800\"")]
    [InlineData("""{"model":"chatgrpc-dev","messages":[{"role":"\udc00","content":"hi"}]}""", """["body","messages",0]""", "union_tag_invalid", """{"role":"\udc00","content":"hi"}""")]
    [InlineData("""{"model":"chatgrpc-dev",  "messages":[{"role":"user","content":"hi"}],"n":"x\udfff\ud800y"}""", """["body","n"]""", "int_parsing", "\"x\\udfff\\ud800y\"")]
    public async Task LoneSurrogateEscapeInAnInvalidValue_Is422QuotingItAsSent(string body, string location, string type, string input)
    {
        // Python's json reads half a surrogate pair into a string; the answer must still be a whole 422.
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = Assert.Single(document.RootElement.GetProperty("detail").EnumerateArray());
        Assert.Equal(type, problem.GetProperty("type").GetString());
        JsonAssert.Equal(location, problem.GetProperty("loc").GetRawText());
        Assert.Equal(input, problem.GetProperty("input").GetRawText());
        await AssertStillServingWithinMemoryAsync();
    }

    private Task<string> AssertAnswerAsync(string body, HttpStatusCode status, string expected) =>
        AssertAnswerAsync(Encoding.UTF8.GetBytes(body), "application/json", status, expected);

    /// <returns>The answer's body.</returns>
    private async Task<string> AssertAnswerAsync(byte[] body, string contentType, HttpStatusCode status, string expected)
    {
        using var response = await PostAsync(body, contentType);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {(answer.Length > 2_000 ? answer[..2_000] : answer)}");
        JsonAssert.Equal(expected, answer);
        await AssertStillServingWithinMemoryAsync();
        return answer;
    }

    private async Task AssertStillServingWithinMemoryAsync()
    {
        using var response = await SendAsync(Encoding.UTF8.GetBytes($$"""{"model":"chatgrpc-dev",{{Messages}}}"""), "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var grown = GC.GetTotalMemory(forceFullCollection: true) - _managedBytesBeforeBody;
        Assert.True(grown < MemoryAllowanceBase + (MemoryAllowancePerBodyByte * _bodyBytes), $"managed memory grew by {grown / 1024} KiB after a body of {_bodyBytes / 1024} KiB");
    }

    private Task<HttpResponseMessage> PostAsync(string body) => PostAsync(Encoding.UTF8.GetBytes(body), "application/json");

    /// <summary>Sends the test's hostile body, taking the memory measure it is held to first.</summary>
    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType)
    {
        _bodyBytes = body.Length;
        _managedBytesBeforeBody = GC.GetTotalMemory(forceFullCollection: true);
        return SendAsync(body, contentType);
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, string contentType)
    {
        using var client = server.CreateHttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.PostAsync(Path, content);
    }
}
