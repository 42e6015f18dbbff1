using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Providers.OpenAi;

/// <summary>The gateway in front of an OpenAI-compatible upstream: relay, streaming, failover, retries, errors and cancellation.</summary>
[Collection(UpstreamServer.Name)]
public sealed class OpenAiProviderTests(UpstreamServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";

    private static string Body(string model, bool stream = false, bool includeUsage = false) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Say hello"}]{{(stream ? ",\"stream\":true" : "")}}{{(includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")}}}""";

    private async Task<HttpResponseMessage> PostAsync(string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        using var client = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, completion, cancellationToken);
    }

    private static List<string> Events(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(static e => e["data: ".Length..]).ToList();

    [Fact]
    public async Task Unary_RelaysTheUpstreamAnswer_WithUpstreamModelKeyAndHeaders()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("gpt-ok"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal(
            """{"id":"chatcmpl-mock","object":"chat.completion","created":1700000000,"model":"ok","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from ok.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0}},"system_fingerprint":"fp_mock","x_vendor_extra":{"nested":[1,2,3]}}""",
            await response.Content.ReadAsStringAsync());
        var received = Assert.Single(server.Upstream.Received);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer " + UpstreamServerFixture.ApiKey, received.Headers["Authorization"]);
        Assert.Equal("search", received.Headers["X-Team"]);
        JsonAssert.Equal("""{"messages":[{"role":"user","content":"Say hello"}],"model":"ok","stream":false}""", received.Body);
    }

    [Fact]
    public async Task Stream_RelaysEveryChunkAndDone()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("gpt-ok", stream: true, includeUsage: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(static e => JsonNode.Parse(e)!).ToList();
        Assert.Equal(5, chunks.Count);
        Assert.Equal("Hello world", string.Concat(chunks.Select(static c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"])));
        Assert.Equal("stop", (string?)chunks[3]["choices"]![0]!["finish_reason"]);
        Assert.Equal(13, (int)chunks[4]["usage"]!["total_tokens"]!);
        Assert.Empty(chunks[4]["choices"]!.AsArray());
        Assert.Equal(true, (bool?)JsonNode.Parse(Assert.Single(server.Upstream.Received).Body)!["stream_options"]!["include_usage"]);
    }

    [Fact]
    public async Task Stream_EventsSplitAcrossReadsAtEveryByte_AreRelayedWhole()
    {
        using var response = await PostAsync(Body("byte-by-byte", stream: true));

        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(4, events.Count - 1);
        Assert.Equal("Hello world", string.Concat(events[..^1].Select(static e => (string?)JsonNode.Parse(e)!["choices"]![0]!["delta"]!["content"])));
    }

    [Fact]
    public async Task FirstDeploymentFails500_SecondAnswers_ClientSeesOneCleanAnswer()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("failover"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from ok.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
        // Retried on the failing deployment (1 + 2 retries), then the next one.
        Assert.Equal(3, server.Upstream.ReceivedFor("fail-500").Count);
        Assert.Single(server.Upstream.ReceivedFor("ok"));
    }

    [Fact]
    public async Task FirstDeploymentTimesOut_SecondAnswers_InOneCleanStream()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("timeout-failover", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, static e => e.Contains("\"error\"", StringComparison.Ordinal));
        Assert.Single(server.Upstream.ReceivedFor("slow"));
    }

    [Fact]
    public async Task ModelWhoseDeploymentsFail_FallsBackToTheNextModel()
    {
        using var response = await PostAsync(Body("falls-back"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from ok.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task RateLimitedWithRetryAfter_IsRetriedAfterTheWaitAsked()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("rate-limited"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = server.Upstream.ReceivedFor("rate-limited-once");
        Assert.Equal(2, received.Count);
        Assert.True(received[1].ReceivedAt - received[0].ReceivedAt >= TimeSpan.FromMilliseconds(950), $"retried after {received[1].ReceivedAt - received[0].ReceivedAt}");
    }

    [Fact]
    public async Task ContextLengthExceeded_IsRelayedWithTheUpstreamsStatusMessageAndCode_AndNotRetried()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("context"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("This model's maximum context length is 8192 tokens.", (string?)error["message"]);
        Assert.Equal("context_length_exceeded", (string?)error["code"]);
        Assert.Single(server.Upstream.Received);
    }

    [Fact]
    public async Task TracingOff_NoActivityIsMadeForTheCall_SoNoTraceContextReachesTheUpstream()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("gpt-ok"));

        // With tracing off, ASP.NET Core makes no activity per request (appsettings.json: Hosting.Diagnostics at None);
        // if it did, HttpClient would put that activity's traceparent on the upstream request.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(server.Upstream.ReceivedFor("ok"));
        Assert.False(received.Headers.ContainsKey("traceparent"), "traceparent: " + received.Headers.GetValueOrDefault("traceparent"));
    }

    [Fact]
    public async Task UpstreamRedirect_IsNotFollowed_ButReportedAsTheUpstreamsFailure()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("redirected"));

        // Following it would re-send the caller's request, and the provider's key, to wherever the upstream points.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"];
        Assert.Contains("mock/redirects: HTTP 307", message, StringComparison.Ordinal);
        Assert.Single(server.Upstream.ReceivedFor("redirects"));
    }

    [Fact]
    public async Task EverythingFails_OneErrorListsWhatWasTried_WithoutKeysOrUpstreamText()
    {
        using var response = await PostAsync(Body("all-fail"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var message = (string?)JsonNode.Parse(text)!["error"]!["message"];
        Assert.Contains("mock/fail-500: HTTP 500 after", message, StringComparison.Ordinal);
        Assert.Contains("impatient/slow: timed out after", message, StringComparison.Ordinal);
        Assert.Contains("mock/unauthorized: HTTP 401 after", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverythingTimesOut_Is504()
    {
        using var response = await PostAsync(Body("all-slow"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task UpstreamDiesMidStream_ClientGetsTheFinalErrorEvent_NotAHang()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await PostAsync(Body("dies", stream: true), cancellationToken: cancel.Token);

        var events = Events(await response.Content.ReadAsStringAsync(cancel.Token));
        Assert.Equal(4, events.Count);
        Assert.Equal("Hello", (string?)JsonNode.Parse(events[1])!["choices"]![0]!["delta"]!["content"]);
        Assert.Equal("upstream_error", (string?)JsonNode.Parse(events[2])!["error"]!["type"]);
        Assert.Equal("[DONE]", events[3]);
        Assert.Single(server.Upstream.ReceivedFor("dies-mid-stream"));
    }

    [Fact]
    public async Task RestClientDisconnects_UpstreamSeesTheConnectionClosedWithin100Ms()
    {
        server.Upstream.Reset();
        using var response = await PostAsync(Body("hangs", stream: true), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        Assert.True(await body.ReadAsync(buffer) > 0);

        // Cancelling a pending read makes HttpClient drop the connection at once, as a client process that dies would.
        using var leave = new CancellationTokenSource();
        var pending = body.ReadAsync(buffer, leave.Token);
        var cancelledAt = DateTimeOffset.UtcNow;
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
        var abortedAt = await server.Upstream.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(abortedAt - cancelledAt < TimeSpan.FromMilliseconds(100), $"the upstream saw the close after {(abortedAt - cancelledAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GrpcCallCancelled_UpstreamSeesTheConnectionClosedWithin100Ms()
    {
        server.Upstream.Reset();
        using var cancel = new CancellationTokenSource();
        var request = new CreateChatCompletionRequest { Model = "hangs", Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } } };
        using var call = server.CreateChatClient().StreamChatCompletion(request, cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext());

        var cancelledAt = DateTimeOffset.UtcNow;
        await cancel.CancelAsync();
        var abortedAt = await server.Upstream.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(abortedAt - cancelledAt < TimeSpan.FromMilliseconds(100), $"the upstream saw the close after {(abortedAt - cancelledAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GrpcDeadlinePasses_UpstreamSeesTheConnectionClosed()
    {
        server.Upstream.Reset();
        var request = new CreateChatCompletionRequest { Model = "hangs", Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } } };
        using var call = server.CreateChatClient().StreamChatCompletion(request, deadline: DateTime.UtcNow.AddMilliseconds(500));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.ReadAllAsync().ToListAsync());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await server.Upstream.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UpstreamWithoutUsage_AnswerCarriesCountedUsage()
    {
        using var response = await PostAsync(Body("no-usage"));

        var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!;
        Assert.True((int)usage["prompt_tokens"]! > 0);
        Assert.True((int)usage["completion_tokens"]! > 0);
        Assert.Equal((int)usage["prompt_tokens"]! + (int)usage["completion_tokens"]!, (int)usage["total_tokens"]!);
    }

    [Fact]
    public async Task StreamWithIncludeUsage_FromAnUpstreamWithout_EndsWithACountedUsageChunk()
    {
        using var response = await PostAsync(Body("no-usage", stream: true, includeUsage: true));

        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var last = JsonNode.Parse(events[^2])!;
        Assert.Empty(last["choices"]!.AsArray());
        Assert.Equal("chatcmpl-mock", (string?)last["id"]);
        Assert.Equal(2, (int)last["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task EveryFieldRequest_ReachesTheUpstreamWithTheSameJsonMeaning()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(EveryFieldRequest.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = JsonNode.Parse(EveryFieldRequest.Json)!.AsObject();
        expected["model"] = "ok";
        JsonAssert.Equal(expected.ToJsonString(), Assert.Single(server.Upstream.Received).Body);
    }

    [Fact]
    public async Task AzureDeployment_IsCalledAtItsDeploymentUrlWithApiKeyAndVersion()
    {
        server.Upstream.Reset();

        using var response = await PostAsync(Body("azure-model"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(server.Upstream.Received);
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", received.Path);
        Assert.Equal("?api-version=2024-10-21", received.Query);
        Assert.Equal(UpstreamServerFixture.AzureKey, received.Headers["api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task GrpcClient_GetsTheUpstreamsAnswer()
    {
        var request = new CreateChatCompletionRequest { Model = "gpt-ok", Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } } };

        var completion = await server.CreateChatClient().CreateChatCompletionAsync(request);

        Assert.Equal("Hello from ok.", completion.Choices.Single().Message.Content);
        Assert.Equal(16, completion.Usage.TotalTokens);
    }

    [Fact]
    public async Task GrpcStream_GetsTheUpstreamsChunks()
    {
        var request = new CreateChatCompletionRequest { Model = "azure-model", Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } } };
        using var call = server.CreateChatClient().StreamChatCompletion(request);

        var chunks = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal("Hello world", string.Concat(chunks.Select(static c => c.Choices.SingleOrDefault()?.Delta.Content)));
        Assert.Equal(FinishReason.Stop, chunks[^1].Choices.Single().FinishReason);
    }

    [Fact]
    public async Task OpenAiDotNetSdk_StreamsThroughTheProvider()
    {
        var options = new OpenAI.OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress };
        options.AddPolicy(new Infrastructure.BasicAuthorizationPolicy(Infrastructure.ChatGrpcServerFixture.BasicAuthorization()), System.ClientModel.Primitives.PipelinePosition.BeforeTransport);
        var client = new OpenAI.Chat.ChatClient("gpt-ok", new System.ClientModel.ApiKeyCredential("replaced-by-basic-auth"), options);

        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new OpenAI.Chat.UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Hello world", text.ToString());
        var whole = await client.CompleteChatAsync([new OpenAI.Chat.UserChatMessage("hi")]);
        Assert.Equal("Hello from ok.", whole.Value.Content[0].Text);
    }
}
