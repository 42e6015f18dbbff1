using System.Net;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Relay;

/// <summary>
/// The built-in model serves every SDK helper offline: structured outputs (<c>parse</c> with zod, the AI SDK's
/// <c>generateObject</c>), logprobs and reasoning; and paths the gateway does not serve say so in the error shape.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class DevelopmentModelRelayTests(ChatGrpcServerFixture server)
{
    [Fact]
    public async Task NpmSdkParse_WithAZodSchema_AndJsonObject_GetValidJson()
    {
        var seen = await RelayClients.RunAsync(server, "parse", "chatgrpc-dev");

        JsonAssert.Equal("""{"city":"string","days":0,"sunny":false,"tags":[]}""", seen["parsed"]!.ToJsonString());
        Assert.StartsWith("This is chatgrpc-dev", (string?)seen["json_object"]!["reply"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AiSdkGenerateObject_GetsAnInstanceOfItsSchema()
    {
        var seen = await RelayClients.RunAsync(server, "generateObject", "chatgrpc-dev");

        JsonAssert.Equal("""{"recipe":{"name":"string","steps":[]}}""", seen["object"]!.ToJsonString());
    }

    [Fact]
    public async Task AiSdkDefaultProvider_IsToldThatResponsesIsNotServed()
    {
        var error = (await RelayClients.RunAsync(server, "responsesPath", "chatgrpc-dev"))["error"]!;

        Assert.Equal(404, (int)error["status"]!);
        Assert.Contains("not the Responses API", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logprobs_AreTheAnswersTokens_WithBytesAndTopAlternatives()
    {
        var seen = await RelayClients.RunAsync(server, "logprobs", "chatgrpc-dev");

        var content = seen["logprobs"]!["content"]!.AsArray();
        Assert.Equal((string?)seen["content"], string.Concat(content.Select(static t => (string?)t!["token"])));
        foreach (var token in content.Concat(seen["streamed"]!.AsArray()))
        {
            var text = (string)token!["token"]!;
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text).Select(static b => (int)b), token["bytes"]!.AsArray().Select(static b => (int)b!));
            Assert.True((double)token["logprob"]! < 0);
            var top = token["top_logprobs"]!.AsArray();
            Assert.Equal(3, top.Count);
            Assert.Equal(text, (string?)top[0]!["token"]);
            Assert.True((double)top[1]!["logprob"]! < (double)top[0]!["logprob"]!);
        }

        Assert.Equal(content.ToJsonString(), seen["streamed"]!.ToJsonString());
    }

    [Fact]
    public async Task ReasoningEffort_MakesTheModelShowReasoning_UnaryAndStream_CountedInUsage()
    {
        var seen = await RelayClients.RunAsync(server, "reasoning", "chatgrpc-dev");

        var reasoning = (string?)seen["reasoning_content"];
        Assert.StartsWith("Reasoning with low effort", reasoning, StringComparison.Ordinal);
        Assert.Equal(reasoning, (string?)seen["stream"]!["reasoning"]);
        Assert.Equal((string?)seen["content"], (string?)seen["stream"]!["content"]);
        Assert.True((int)seen["usage"]!["completion_tokens_details"]!["reasoning_tokens"]! > 0);
    }

    [Fact]
    public async Task ReasoningEffort_OverGrpc_GivesReasoningContent()
    {
        var completion = await server.CreateChatClient().CreateChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = "chatgrpc-dev",
            ReasoningEffort = ReasoningEffort.High,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
        });

        Assert.StartsWith("Reasoning with high effort", completion.Choices[0].Message.ReasoningContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_Is404NamingThePath_InTheDocumentedShape()
    {
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(new Uri(server.OpenAiBaseAddress, "embeddings"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("POST /api/v1/openai/embeddings is not served", (string?)body["detail"], StringComparison.Ordinal);
        Assert.Equal((string?)body["detail"], (string?)body["error"]!["message"]);
        Assert.Equal("unknown_url", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task WrongMethod_Is405_InTheDocumentedShape()
    {
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(server.OpenAiBaseAddress, "chat/completions"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("GET is not served at /api/v1/openai/chat/completions", (string?)body["detail"], StringComparison.Ordinal);
        Assert.Equal("method_not_allowed", (string?)body["error"]!["code"]);
    }
}
