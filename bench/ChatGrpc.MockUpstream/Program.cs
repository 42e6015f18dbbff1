using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatGrpc.MockUpstream;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Usage: ChatGrpc.MockUpstream --port 5001 [--grpc-port 5002] [--chunks 10] [--gap-ms 1] [--slow-chunks 60] [--slow-gap-ms 1000]
// POST /v1/chat/completions: a fixed chat.completion; with "stream": true, a role chunk, then `chunks` content chunks
// `gap-ms` apart, a finish chunk, with stream_options.include_usage a usage chunk (as OpenAI's API sends it), and
// `data: [DONE]`. The model "slow" streams `slow-chunks` chunks `slow-gap-ms` apart (for holding many streams open).
// Each content chunk's content is "t" + Stopwatch.GetTimestamp() at the moment it is written (CLOCK_MONOTONIC
// nanoseconds on Linux, the same clock in every process), so a client can tell how long the chunk took to reach it.
// With --grpc-port, the same answers over gRPC (ChatService, HTTP/2 without TLS) on that port: the floor of a gRPC
// stream's chunk delay, read by the same client as ChatGrpc's.
var port = Arg("--port", 5001);
var grpcPort = Arg("--grpc-port", 0);
var shape = new MockStreamShape(
    Arg("--chunks", 10), TimeSpan.FromMilliseconds(Arg("--gap-ms", 1)), Arg("--slow-chunks", 60), TimeSpan.FromMilliseconds(Arg("--slow-gap-ms", 1000)));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(options =>
{
    options.Limits.MaxConcurrentConnections = null;
    options.Limits.MinResponseDataRate = null;
    options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
    if (grpcPort > 0)
    {
        options.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
    }
});
builder.Services.AddGrpc();
builder.Services.AddSingleton(shape);
var app = builder.Build();
app.MapGrpcService<MockChatService>();

var completion = """{"id":"chatcmpl-mock","object":"chat.completion","created":1700000000,"model":"mock","choices":[{"index":0,"message":{"role":"assistant","content":"Hello, benchmark!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24}}"""u8.ToArray();
const string Head = """data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":"mock","choices":[{"index":0,"delta":""";
var roleChunk = Encoding.UTF8.GetBytes(Head + """{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""" + "\n\n");
var contentHead = Encoding.UTF8.GetBytes(Head + """{"content":"t""");
var contentTail = Encoding.UTF8.GetBytes("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
var finish = Encoding.UTF8.GetBytes(Head + """{},"logprobs":null,"finish_reason":"stop"}]}""" + "\n\n");
var usageChunk = Encoding.UTF8.GetBytes("""data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":"mock","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":12,"total_tokens":32}}""" + "\n\n");
var done = "data: [DONE]\n\n"u8.ToArray();

app.MapPost("/v1/chat/completions", async context =>
{
    using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    var root = document.RootElement;
    var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
    var response = context.Response;
    if (!stream)
    {
        response.ContentType = "application/json";
        response.ContentLength = completion.Length;
        await response.Body.WriteAsync(completion, context.RequestAborted);
        return;
    }

    var (count, pause) = shape.For(root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null);
    response.ContentType = "text/event-stream";
    response.Headers.CacheControl = "no-cache";
    await response.Body.WriteAsync(roleChunk, context.RequestAborted);
    await response.Body.FlushAsync(context.RequestAborted);
    var buffer = new byte[contentHead.Length + 24 + contentTail.Length];
    contentHead.CopyTo(buffer, 0);
    for (var i = 0; i < count; i++)
    {
        await Task.Delay(pause, context.RequestAborted);
        var at = contentHead.Length;
        Stopwatch.GetTimestamp().TryFormat(buffer.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
        at += written;
        contentTail.CopyTo(buffer, at);
        await response.Body.WriteAsync(buffer.AsMemory(0, at + contentTail.Length), context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
    }

    await response.Body.WriteAsync(finish, context.RequestAborted);
    if (root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object
        && streamOptions.TryGetProperty("include_usage", out var includeUsage) && includeUsage.ValueKind == JsonValueKind.True)
    {
        // As OpenAI's API does: the usage in a last chunk of its own, with no choices.
        await response.Body.WriteAsync(usageChunk, context.RequestAborted);
    }

    await response.Body.WriteAsync(done, context.RequestAborted);
});

Console.WriteLine(grpcPort > 0 ? $"mock upstream listening on 127.0.0.1:{port}, gRPC on 127.0.0.1:{grpcPort}" : $"mock upstream listening on 127.0.0.1:{port}");
await app.RunAsync();

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
