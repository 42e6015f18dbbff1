using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Providers.Anthropic;

/// <summary>The gateway in front of a mock Anthropic Messages API, through REST, gRPC and the OpenAI SDK.</summary>
[Collection(UpstreamServer.Name)]
public sealed class AnthropicProviderTests(UpstreamServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var client = server.CreateHttpClient();
        return await client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Unary_IsTranslatedBothWays_WithAnthropicsHeaders()
    {
        server.Upstream.Reset();

        using var response = await PostAsync("""{"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],"max_tokens":100,"stop":"END"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Hello from Claude.", (string?)completion["choices"]![0]!["message"]!["content"]);
        Assert.Equal("stop", (string?)completion["choices"]![0]!["finish_reason"]);
        Assert.Equal(11, (int)completion["usage"]!["prompt_tokens"]!);
        var received = Assert.Single(server.Upstream.Received);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(UpstreamServerFixture.AnthropicKey, received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        JsonAssert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":100,"system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stop_sequences":["END"]}""",
            received.Body);
    }

    [Fact]
    public async Task FieldAnthropicCannotHonour_IsRefusedWith400NamingFieldAndModel_AndNothingSent()
    {
        server.Upstream.Reset();

        using var response = await PostAsync("""{"model":"claude","messages":[{"role":"user","content":"hi"}],"logit_bias":{"50256":-100}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("logit_bias", (string?)error["param"]);
        Assert.Contains("'claude'", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(server.Upstream.Received);
    }

    [Fact]
    public async Task OverloadedModelWithDrop_FallsBackToClaude_WithTheFieldDropped()
    {
        server.Upstream.Reset();

        using var response = await PostAsync("""{"model":"claude-overloaded","messages":[{"role":"user","content":"hi"}],"seed":7}""");

        // The fallback "claude" refuses seed (Refuse), so the request's dropped seed is what lets it answer.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(server.Upstream.Received, static r => Assert.Null(JsonNode.Parse(r.Body)!["seed"]));
        Assert.Equal(3, server.Upstream.ReceivedFor("overloaded").Count);
    }

    [Fact]
    public async Task GrpcStream_GetsTranslatedChunks_EndingWithUsage()
    {
        var request = new CreateChatCompletionRequest
        {
            Model = "claude",
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
            StreamOptions = new StreamOptions { IncludeUsage = true },
        };
        using var call = server.CreateChatClient().StreamChatCompletion(request);

        var chunks = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(ChatRole.Assistant, chunks[0].Choices.Single().Delta.Role);
        Assert.Equal("Hello world", string.Concat(chunks.Select(static c => c.Choices.SingleOrDefault()?.Delta.Content)));
        Assert.Equal(FinishReason.Stop, chunks[^2].Choices.Single().FinishReason);
        Assert.Equal(11, chunks[^1].Usage.TotalTokens);
    }

    [Fact]
    public async Task OpenAiDotNetSdk_StreamsFromClaude()
    {
        var options = new OpenAI.OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress };
        options.AddPolicy(new BasicAuthorizationPolicy(ChatGrpcServerFixture.BasicAuthorization()), System.ClientModel.Primitives.PipelinePosition.BeforeTransport);
        var client = new OpenAI.Chat.ChatClient("claude", new System.ClientModel.ApiKeyCredential("replaced-by-basic-auth"), options);

        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new OpenAI.Chat.UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Hello world", text.ToString());
    }
}
