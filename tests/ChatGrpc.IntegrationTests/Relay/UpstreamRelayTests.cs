using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Relay;

/// <summary>
/// Nothing an OpenAI-compatible upstream or a client sends is lost, and every status means what the SDKs expect:
/// driven with the openai npm package and gRPC against a loopback upstream that sends reasoning, unknown fields,
/// 429s and refusals of its own.
/// </summary>
public sealed class UpstreamRelayTests(UpstreamServerFixture server) : IClassFixture<UpstreamServerFixture>
{
    [Fact]
    public async Task Reasoning_AndUnknownFields_ReachTheNpmSdk_UnaryAndStream()
    {
        var seen = await RelayClients.RunAsync(server, "reasoning", "reasoning");

        Assert.Equal("Six times seven.", (string?)seen["reasoning_content"]);
        Assert.Equal("42.", (string?)seen["content"]);
        JsonAssert.Equal("""{"k":1}""", seen["message"]!["provider_extra"]!.ToJsonString());
        JsonAssert.Equal("""{"hate":{"filtered":false,"severity":"safe"}}""", seen["choice"]!["content_filter_results"]!.ToJsonString());
        JsonAssert.Equal("""{"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false}}}]}""", seen["top"]!.ToJsonString());
        Assert.Equal("Six times seven.", (string?)seen["stream"]!["reasoning"]);
        Assert.Equal("42.", (string?)seen["stream"]!["content"]);
        JsonAssert.Equal("""[{"citations":["https://example.com/a"]}]""", seen["stream"]!["extras"]!.ToJsonString());
    }

    [Fact]
    public async Task Reasoning_AndUnknownFields_ReachGrpcCallers()
    {
        var client = server.CreateChatClient();
        var request = new CreateChatCompletionRequest { Model = "reasoning", Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } } };

        var completion = await client.CreateChatCompletionAsync(request);
        var chunks = new List<ChatCompletionChunk>();
        using (var call = client.StreamChatCompletion(request))
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                chunks.Add(chunk);
            }
        }

        Assert.Equal("Six times seven.", completion.Choices[0].Message.ReasoningContent);
        Assert.Equal(1d, completion.Choices[0].Message.ExtraFields.Fields["provider_extra"].StructValue.Fields["k"].NumberValue);
        Assert.True(completion.ExtraFields.Fields.ContainsKey("prompt_filter_results"));
        Assert.True(completion.Choices[0].ExtraFields.Fields.ContainsKey("content_filter_results"));
        Assert.Equal("Six times seven.", string.Concat(chunks.SelectMany(static c => c.Choices).Select(static c => c.Delta.ReasoningContent)));
        Assert.Equal("https://example.com/a", chunks.Single(static c => c.ExtraFields is not null).ExtraFields.Fields["citations"].ListValue.Values[0].StringValue);
    }

    [Fact]
    public async Task ReasoningOfAnEarlierAnswer_IsSentUpstream()
    {
        server.Upstream.Reset();
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(
            new Uri(server.OpenAiBaseAddress, "chat/completions"),
            new StringContent("""{"model":"gpt-ok","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","reasoning_content":"thought"},{"role":"user","content":"c"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var sent = JsonNode.Parse(Assert.Single(server.Upstream.Received).Body)!;
        Assert.Equal("thought", (string?)sent["messages"]![1]!["reasoning_content"]);
    }

    [Fact]
    public async Task ExtraBody_PassesToAnOpenAiCompatibleUpstreamUntouched()
    {
        server.Upstream.Reset();

        var seen = await RelayClients.RunAsync(server, "extras", "gpt-ok");

        Assert.Equal("Hello from ok.", (string?)seen["content"]);
        Assert.Null((string?)seen["dropped"]);
        var sent = JsonNode.Parse(Assert.Single(server.Upstream.Received).Body)!;
        Assert.Equal(5, (int)sent["top_k"]!);
        Assert.Equal(1.1, (double)sent["repetition_penalty"]!);
        JsonAssert.Equal("""{"enable_thinking":false}""", sent["chat_template_kwargs"]!.ToJsonString());
    }

    [Fact]
    public async Task ExtraBody_IsDroppedForAzure_AndNamedInTheHeader()
    {
        server.Upstream.Reset();

        var seen = await RelayClients.RunAsync(server, "extras", "azure-model");

        Assert.Equal("top_k,repetition_penalty,chat_template_kwargs", (string?)seen["dropped"]);
        var sent = JsonNode.Parse(Assert.Single(server.Upstream.Received).Body)!.AsObject();
        Assert.False(sent.ContainsKey("top_k"));
        Assert.False(sent.ContainsKey("chat_template_kwargs"));
    }

    [Fact]
    public async Task ExtraBody_IsRefusedWith400_WhenTheModelSaysRefuse()
    {
        server.Upstream.Reset();

        var error = (await RelayClients.RunAsync(server, "extras", "refuses-extras"))["error"]!;

        Assert.Equal("BadRequestError", (string?)error["name"]);
        Assert.Contains("'top_k'", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(server.Upstream.Received);
    }

    [Fact]
    public async Task GrpcExtraBody_PassesUpstream_AndATypedFieldInItIsRefused()
    {
        server.Upstream.Reset();
        var client = server.CreateChatClient();
        var request = new CreateChatCompletionRequest
        {
            Model = "gpt-ok",
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
            ExtraBody = new Struct { Fields = { ["top_k"] = Value.ForNumber(5) } },
        };

        await client.CreateChatCompletionAsync(request);
        request.ExtraBody.Fields["temperature"] = Value.ForNumber(1);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(request));

        Assert.Equal(5, (int)JsonNode.Parse(Assert.Single(server.Upstream.Received).Body)!["top_k"]!);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("'temperature'", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("context", "BadRequestError", 400, "This model's maximum context length is 8192 tokens.")]
    [InlineData("not-found", "NotFoundError", 404, "The model `not-found` does not exist.")]
    [InlineData("too-large", "APIError", 413, "Request body too large for this model.")]
    [InlineData("unprocessable", "UnprocessableEntityError", 422, "top_k must be positive.")]
    [InlineData("all-slow", "InternalServerError", 504, "No deployment of 'all-slow' answered. Tried: impatient/slow: timed out after")]
    public async Task UpstreamRefusals_ReachTheNpmSdkAsTheirOwnErrorClass(string model, string errorClass, int status, string message)
    {
        var error = (await RelayClients.RunAsync(server, "error", model))["error"]!;

        Assert.Equal(errorClass, (string?)error["name"]);
        Assert.Equal(status, (int)error["status"]!);
        Assert.Contains(message, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryDeploymentAnswering429_IsARateLimitError_WithTheShortestRetryAfter()
    {
        var error = (await RelayClients.RunAsync(server, "error", "rate-limited-always"))["error"]!;

        Assert.Equal("RateLimitError", (string?)error["name"]);
        Assert.Equal(429, (int)error["status"]!);
        Assert.Equal("rate_limit_exceeded", (string?)error["code"]);

        // 1,200 ms (the shorter of the two waits asked), in whole seconds rounded up.
        Assert.Equal("2", (string?)error["retry_after"]);
    }

    [Fact]
    public async Task ModelNameWithASlash_IsRetrievedThroughTheNpmSdk()
    {
        var seen = await RelayClients.RunAsync(server, "retrieve", "Qwen/Qwen3-8B");

        Assert.Equal("Qwen/Qwen3-8B", (string?)seen["id"]);
    }

    [Fact]
    public async Task ModelNameWithASlash_IsRetrievedOverGrpc_EncodedOrNot()
    {
        var client = server.CreateChatClient();

        var plain = await client.GetModelAsync(new GetModelRequest { Model = "Qwen/Qwen3-8B" });
        var encoded = await client.GetModelAsync(new GetModelRequest { Model = "Qwen%2FQwen3-8B" });

        Assert.Equal("Qwen/Qwen3-8B", plain.Id);
        Assert.Equal("Qwen/Qwen3-8B", encoded.Id);
    }
}
