using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>POST /api/v1/openai/chat/completions with a plain HttpClient: OpenAI's wire format, byte for byte where it matters.</summary>
[Collection(SharedServer.Name)]
public sealed class ChatCompletionsEndpointTests(ChatGrpcServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";
    private const string Echo = "This is chatgrpc-dev, ChatGrpc's built-in development model. You said: ";

    private async Task<HttpResponseMessage> PostAsync(string body, bool authenticated = true, string contentType = "application/json")
    {
        using var client = server.CreateHttpClient(authenticated);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await client.PostAsync(Path, content);
    }

    [Fact]
    public async Task Unary_ReturnsAChatCompletionObject()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("chat.completion", (string?)completion["object"]);
        Assert.Equal("chatgrpc-dev", (string?)completion["model"]);
        var choice = completion["choices"]![0]!;
        Assert.Equal(0, (int)choice["index"]!);
        JsonAssert.Equal($$"""{"role":"assistant","content":"{{Echo}}hi","refusal":null}""", choice["message"]!.ToJsonString());
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        Assert.Equal((int)completion["usage"]!["prompt_tokens"]! + (int)completion["usage"]!["completion_tokens"]!, (int)completion["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Stream_IsServerSentEventsEndingWithDone()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"stream please"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\ndata: [DONE]\n\n", body, StringComparison.Ordinal);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c["usage"]?.GetValueKind() ?? JsonValueKind.Null));
        Assert.True(chunks[..^1].All(c => c.AsObject().ContainsKey("usage")), "earlier chunks carry usage: null");
        var text = string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["delta"]!["content"]));
        Assert.Equal(Echo + "stream please", text);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True((int)chunks[^1]["usage"]!["completion_tokens"]! > 0);
    }

    [Fact]
    public async Task MalformedJson_Is422JsonInvalid()
    {
        using var response = await PostAsync("""{"model": "chatgrpc-dev", "messages": [}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.AsArray();
        var problem = Assert.Single(detail)!;
        Assert.Equal("json_invalid", (string?)problem["type"]);
        Assert.Equal("JSON decode error", (string?)problem["msg"]);
        JsonAssert.Equal("""["body", 39]""", problem["loc"]!.ToJsonString());
        JsonAssert.Equal("{}", problem["input"]!.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["ctx"]!["error"]));
    }

    [Fact]
    public async Task BodyThatIsNotAnObject_Is422ModelAttributesType()
    {
        using var response = await PostAsync("""[1, 2]""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[1,2]}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingModelAndMessages_Are422MissingInSchemaOrder()
    {
        using var response = await PostAsync("""{"temperature": 1}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """
            {"detail":[
              {"type":"missing","loc":["body","messages"],"msg":"Field required","input":{"temperature":1}},
              {"type":"missing","loc":["body","model"],"msg":"Field required","input":{"temperature":1}}]}
            """,
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmptyMessages_Is422TooShort()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """{"detail":[{"type":"too_short","loc":["body","messages"],"msg":"List should have at least 1 item after validation, not 0","input":[],"ctx":{"field_type":"List","min_length":1,"actual_length":0}}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownAndMissingRoles_Are422UnionTagErrors()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"robot","content":"x"},{"content":"y"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """
            {"detail":[
              {"type":"union_tag_invalid","loc":["body","messages",0],"msg":"Input tag 'robot' found using 'role' does not match any of the expected tags: 'developer', 'system', 'user', 'assistant', 'tool', 'function'","input":{"role":"robot","content":"x"},"ctx":{"discriminator":"'role'","tag":"robot","expected_tags":"'developer', 'system', 'user', 'assistant', 'tool', 'function'"}},
              {"type":"union_tag_not_found","loc":["body","messages",1],"msg":"Unable to extract tag using discriminator 'role'","input":{"content":"y"},"ctx":{"discriminator":"'role'"}}]}
            """,
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongContentType_Is422()
    {
        using var response = await PostAsync("model=chatgrpc-dev", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"model=chatgrpc-dev"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoCredentials_Is401WithChallengeAndFastApiBody()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", authenticated: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"ChatGrpc\"", response.Headers.WwwAuthenticate.ToString());
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unauthenticated, "Not authenticated"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongPassword_Is401IncorrectEvenForAnInvalidBody()
    {
        using var client = server.CreateHttpClient(authenticated: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", ChatGrpcServerFixture.BasicAuthorization(password: "nope"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"ChatGrpc\"", response.Headers.WwwAuthenticate.ToString());
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unauthenticated, "Incorrect username or password"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownModel_Is404WithDetailAndOpenAiError()
    {
        using var response = await PostAsync("""{"model":"gpt-nothing","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        JsonAssert.Equal(
            ErrorBody.Json(ChatErrorKind.NotFound, "The model 'gpt-nothing' does not exist or is not served by this gateway. Served models: chatgrpc-dev.", param: "model"),
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_AnswersOkWithoutCredentials()
    {
        using var client = server.CreateHttpClient(authenticated: false);

        using var response = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
