using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>
/// A local upstream on a loopback port, speaking OpenAI's chat completions and SSE (and Azure's URLs), whose
/// behaviour is chosen by the upstream model id the gateway sends, as TensorZero's test provider does:
/// <c>ok</c>, <c>fail-500</c>, <c>slow</c>, <c>rate-limited-once</c>, <c>dies-mid-stream</c>, <c>hangs</c>,
/// <c>context-length</c>, <c>no-usage</c>, <c>byte-by-byte</c>. It records every request and sees when the gateway
/// closes a connection.
/// </summary>
public sealed class MockUpstream : IAsyncDisposable
{
    public const string Created = "1700000000";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _received = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public MockUpstream()
    {
        // An empty content root: the test output holds the gateway's appsettings.json, whose Kestrel endpoints (8080,
        // 8081) the mock must not take, nor fight over with another mock.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("chatgrpc-mock-").FullName });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _app.MapPost("/openai/deployments/{deployment}/chat/completions", HandleAsync);
        _app.MapPost("/v1/messages", HandleAnthropicAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First(static a => a.Contains("127.0.0.1", StringComparison.Ordinal));
        BaseAddress = new Uri(address);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyCollection<RecordedRequest> Received => _received;

    /// <summary>When the gateway closed a <c>hangs</c> stream, and when the mock noticed.</summary>
    public TaskCompletionSource<DateTimeOffset> Aborted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Reset()
    {
        _received.Clear();
        _counts.Clear();
        Aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public IReadOnlyList<RecordedRequest> ReceivedFor(string upstreamModel) =>
        _received.Where(r => (string?)JsonNode.Parse(r.Body)!["model"] == upstreamModel).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new RecordedRequest(context.Request.Path, context.Request.QueryString.Value ?? string.Empty, headers, body, DateTimeOffset.UtcNow));
        var request = JsonNode.Parse(body)!;
        var model = (string?)request["model"] ?? string.Empty;
        var stream = (bool?)request["stream"] == true;
        var includeUsage = (bool?)request["stream_options"]?["include_usage"] == true;
        var count = _counts.AddOrUpdate(model, 1, static (_, c) => c + 1);
        var response = context.Response;

        switch (model)
        {
            case "fail-500":
                await WriteErrorAsync(response, 500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""");
                return;
            case "rate-limited-once" when count == 1:
                response.Headers.RetryAfter = "1";
                await WriteErrorAsync(response, 429, """{"error":{"message":"Rate limit reached.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
                return;
            case "context-length":
                await WriteErrorAsync(response, 400, """{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""");
                return;
            case "unauthorized":
                await WriteErrorAsync(response, 401, """{"error":{"message":"Incorrect API key provided: sk-test-****cret.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""");
                return;
            case "rate-limited-a" or "rate-limited-b":
                // Azure's precise form: the gateway's retries honour it, and the caller is told the shortest wait.
                response.Headers["retry-after-ms"] = model == "rate-limited-a" ? "2600" : "1200";
                await WriteErrorAsync(response, 429, """{"error":{"message":"Rate limit reached.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
                return;
            case "redirects":
                // To itself, so a gateway that followed redirects would send the request again (and again).
                response.StatusCode = 307;
                response.Headers.Location = context.Request.Path.Value;
                return;
            case "not-found":
                await WriteErrorAsync(response, 404, """{"error":{"message":"The model `not-found` does not exist.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""");
                return;
            case "too-large":
                await WriteErrorAsync(response, 413, """{"error":{"message":"Request body too large for this model.","type":"invalid_request_error","param":null,"code":null}}""");
                return;
            case "unprocessable":
                await WriteErrorAsync(response, 422, """{"error":{"message":"top_k must be positive.","type":"invalid_request_error","param":"top_k","code":null}}""");
                return;
            case "reasoning" when !stream:
                response.ContentType = "application/json";
                await response.WriteAsync(ReasoningCompletion);
                return;
            case "reasoning":
                response.ContentType = "text/event-stream";
                foreach (var item in ReasoningEvents)
                {
                    await WriteEventAsync(response, item);
                }

                await WriteEventAsync(response, "[DONE]");
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                break;
        }

        if (!stream)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(Completion(model, usage: model != "no-usage"));
            return;
        }

        response.ContentType = "text/event-stream";
        await response.Body.FlushAsync();
        var events = StreamEvents(model, includeUsage && model != "no-usage");
        switch (model)
        {
            case "dies-mid-stream":
                await WriteEventAsync(response, events[0]);
                await WriteEventAsync(response, events[1]);

                // A reset discards what the peer has not read yet: give the gateway time to read the two events first.
                await Task.Delay(200);
                context.Abort();
                return;
            case "hangs":
                await WriteEventAsync(response, events[0]);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Aborted.TrySetResult(DateTimeOffset.UtcNow);
                }

                return;
            case "byte-by-byte":
                foreach (var b in Encoding.UTF8.GetBytes(string.Concat(events.Select(static e => $"data: {e}\n\n")) + "data: [DONE]\n\n"))
                {
                    await response.Body.WriteAsync(new[] { b });
                    await response.Body.FlushAsync();
                }

                return;
        }

        foreach (var item in events)
        {
            await WriteEventAsync(response, item);
        }

        await WriteEventAsync(response, "[DONE]");
    }

    private async Task HandleAnthropicAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new RecordedRequest(context.Request.Path, context.Request.QueryString.Value ?? string.Empty, headers, body, DateTimeOffset.UtcNow));
        var request = JsonNode.Parse(body)!;
        var response = context.Response;
        if ((string?)request["model"] == "overloaded")
        {
            await WriteErrorAsync(response, 529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
            return;
        }

        if ((bool?)request["stream"] != true)
        {
            response.ContentType = "application/json";
            await response.WriteAsync("""{"id":"msg_mock","type":"message","role":"assistant","model":"claude-mock","content":[{"type":"text","text":"Hello from Claude."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":9,"cache_read_input_tokens":2,"output_tokens":4}}""");
            return;
        }

        response.ContentType = "text/event-stream";
        string[] events =
        [
            """{"type":"message_start","message":{"id":"msg_mock","type":"message","role":"assistant","model":"claude-mock","content":[],"stop_reason":null,"usage":{"input_tokens":9,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"ping"}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}""",
            """{"type":"message_stop"}""",
        ];
        foreach (var item in events)
        {
            var type = (string?)JsonNode.Parse(item)!["type"];
            await response.WriteAsync($"event: {type}\ndata: {item}\n\n");
            await response.Body.FlushAsync();
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(body);
    }

    private static async Task WriteEventAsync(HttpResponse response, string data)
    {
        await response.WriteAsync($"data: {data}\n\n");
        await response.Body.FlushAsync();
    }

    /// <summary>A whole answer, with a key OpenAI does not document, which the gateway must tolerate.</summary>
    public static string Completion(string model, bool usage)
    {
        var usageJson = usage ? "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5,\"total_tokens\":16,\"prompt_tokens_details\":{\"cached_tokens\":3,\"audio_tokens\":0}}," : string.Empty;
        return $$$"""{"id":"chatcmpl-mock","object":"chat.completion","created":{{{Created}}},"model":"{{{model}}}","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from {{{model}}}.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],{{{usageJson}}}"system_fingerprint":"fp_mock","x_vendor_extra":{"nested":[1,2,3]}}""";
    }

    /// <summary>As DeepSeek, vLLM or Azure answer: reasoning, and keys OpenAI's schema does not name at every level.</summary>
    public const string ReasoningCompletion = """{"id":"chatcmpl-r","object":"chat.completion","created":1700000000,"model":"reasoning","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false}}}],"choices":[{"index":0,"message":{"role":"assistant","content":"42.","reasoning_content":"Six times seven.","provider_extra":{"k":1}},"logprobs":null,"finish_reason":"stop","content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""";

    /// <summary>vLLM's newer servers: <c>reasoning</c> in the deltas; a chunk with citations.</summary>
    public static readonly string[] ReasoningEvents =
    [
        """{"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"reasoning","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """{"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"reasoning","choices":[{"index":0,"delta":{"reasoning":"Six times"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"reasoning","choices":[{"index":0,"delta":{"reasoning":" seven."},"finish_reason":null}]}""",
        """{"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"reasoning","citations":["https://example.com/a"],"choices":[{"index":0,"delta":{"content":"42."},"finish_reason":"stop"}]}""",
    ];

    public static List<string> StreamEvents(string model, bool usage)
    {
        var head = $$"""{"id":"chatcmpl-mock","object":"chat.completion.chunk","created":{{Created}},"model":"{{model}}","system_fingerprint":"fp_mock","choices":[""";
        var events = new List<string>
        {
            head + """{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}""",
            head + """{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}""",
            head + """{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}]}""",
            head + """{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""",
        };
        if (usage)
        {
            events.Add(head + """],"usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13}}""");
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
