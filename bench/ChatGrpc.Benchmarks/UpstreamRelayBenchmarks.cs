using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// What the gateway adds to a call through the OpenAI-compatible provider: the same request sent straight to a local
/// mock upstream (<c>Direct*</c>) and through the gateway on loopback (<c>Gateway*</c>), unary and streamed (seven
/// events and [DONE], read to the end). The difference between the pairs is the gateway's added latency: reading,
/// validating, routing, writing upstream, reading the answer and writing it back, and the extra loopback hop.
/// </summary>
[MemoryDiagnoser]
public class UpstreamRelayBenchmarks : IDisposable
{
    private const string Body = """{"model":"relay","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the benchmark."}],"temperature":0.2,"max_tokens":64}""";
    private const string StreamBody = """{"model":"relay","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the benchmark."}],"temperature":0.2,"max_tokens":64,"stream":true}""";
    private const string Completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"relay","choices":[{"index":0,"message":{"role":"assistant","content":"Hello, benchmark!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24}}""";

    private static readonly string[] s_pieces = ["Hello", ",", " bench", "mark", "!"];

    private WebApplication _upstream = null!;
    private WebApplication _gateway = null!;
    private HttpClient _client = null!;
    private Uri _direct = null!;
    private Uri _throughGateway = null!;
    private string _authorization = null!;

    [GlobalSetup]
    public async Task SetUp()
    {
        _upstream = StartUpstream();
        var upstreamAddress = _upstream.Urls.First();
        var port = FreePort();
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bench:bench-password"));
        _gateway = ChatGrpcApplication.Build([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Rest:Url"] = $"http://127.0.0.1:{port}",
                ["Kestrel:Endpoints:Rest:Protocols"] = "Http1",
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{FreePort()}",
                ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
                ["ChatGrpc:Auth:Users:bench"] = new Pbkdf2PasswordHasher(iterations: 1_000).Hash("bench-password"u8).Encode(),
                ["ChatGrpc:Development:Enabled"] = "true",
                ["ChatGrpc:Providers:mock:Kind"] = "OpenAI",
                ["ChatGrpc:Providers:mock:BaseUrl"] = upstreamAddress + "/v1",
                ["ChatGrpc:Providers:mock:ApiKey"] = "sk-bench",
                ["ChatGrpc:Models:0:Name"] = "relay",
                ["ChatGrpc:Models:0:Deployments:0:Provider"] = "mock",
                ["ChatGrpc:Models:0:Deployments:0:Model"] = "relay",
            });
        });
        await _gateway.StartAsync();
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        _direct = new Uri(upstreamAddress + "/v1/chat/completions");
        _throughGateway = new Uri($"http://127.0.0.1:{port}/api/v1/openai/chat/completions");

        // Both paths must answer before they are timed.
        _ = await DirectUnary();
        _ = await GatewayUnary();
        _ = await GatewayStream();
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _client.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<int> DirectUnary() => SendAsync(_direct, Body, "Bearer sk-bench");

    [Benchmark]
    public Task<int> GatewayUnary() => SendAsync(_throughGateway, Body, _authorization);

    [Benchmark]
    public Task<int> DirectStream() => SendAsync(_direct, StreamBody, "Bearer sk-bench");

    [Benchmark]
    public Task<int> GatewayStream() => SendAsync(_throughGateway, StreamBody, _authorization);

    private async Task<int> SendAsync(Uri uri, string body, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    private static WebApplication StartUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, FreePort(), listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async context =>
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            if (!document.RootElement.TryGetProperty("stream", out var stream) || !stream.GetBoolean())
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Completion);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            const string head = """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"relay","choices":[{"index":0,"delta":""";
            await context.Response.WriteAsync(head + """{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""" + "\n\n");
            foreach (var piece in s_pieces)
            {
                await context.Response.WriteAsync(head + $$"""{"content":"{{piece}}"},"logprobs":null,"finish_reason":null}]}""" + "\n\n");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync(head + """{},"logprobs":null,"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n");
        });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
