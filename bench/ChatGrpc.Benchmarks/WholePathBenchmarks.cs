using System.Text;
using BenchmarkDotNet.Attributes;
using ChatGrpc.Benchmarks.WholePath;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Routing;
using ChatGrpc.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// One whole call through the real server, in process: the request's bytes go into Kestrel over an in-memory
/// transport (HTTP/1.1 for REST, HTTP/2 for gRPC), through every middleware, interceptor, the adapter, validation, the
/// pipeline and routing, to a provider, and the answer's bytes come back to the last one. <see cref="Model"/> picks the
/// provider: <c>relay</c> is the real OpenAI-compatible provider over an in-memory HTTP handler (request written,
/// answer read as from an upstream, no socket); <c>bare</c> answers from memory, so its figures are the gateway alone.
/// </summary>
[MemoryDiagnoser]
public class WholePathBenchmarks : IDisposable
{
    private const int RestPort = 1;
    private const int GrpcPort = 2;

    // The usage records (and SQLite's -wal and -shm beside them) go to the temporary directory, not the checkout.
    private static readonly string s_usageDatabaseName = $"chatgrpc-bench-usage-{Environment.ProcessId}.db";

    private readonly InMemoryTransport _transport = new();
    private WebApplication _gateway = null!;
    private Http1Client _rest = null!;
    private GrpcChannel _channel = null!;
    private ChatService.ChatServiceClient _grpc = null!;
    private Metadata _headers = null!;
    private byte[] _restUnary = null!;
    private byte[] _restStream = null!;
    private CreateChatCompletionRequest _grpcRequest = null!;

    [Params("relay", "bare")]
    public string Model { get; set; } = "relay";

    /// <summary>
    /// <c>defaults</c>: a deployment with no exporter configured (metrics for Prometheus, no spans, log scopes kept);
    /// <c>off</c>: Prometheus off and <c>Logging:CaptureScopes=false</c>, so no signal is collected. Both log at Warning,
    /// so the per-call Information line is never written.
    /// </summary>
    [Params("defaults", "off")]
    public string Signals { get; set; } = "defaults";

    [GlobalSetup]
    public async Task SetUp()
    {
        _gateway = ChatGrpcApplication.Build([], builder =>
        {
            // The server's own appsettings.json (copied beside this program), so the shipped defaults are what is timed;
            // the settings below only point it at the in-memory transport and upstream.
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Kestrel:Endpoints:Rest:Url"] = $"http://127.0.0.1:{RestPort}",
                ["Kestrel:Endpoints:Rest:Protocols"] = "Http1",
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
                ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
                ["ChatGrpc:Auth:Users:bench"] = new Pbkdf2PasswordHasher(iterations: 1_000).Hash("bench-password"u8).Encode(),
                ["ChatGrpc:Development:Enabled"] = "true",
                ["ChatGrpc:Usage:SqlitePath"] = Path.Combine(Path.GetTempPath(), s_usageDatabaseName),
                ["ChatGrpc:Providers:mock:Kind"] = "OpenAI",
                ["ChatGrpc:Providers:mock:BaseUrl"] = "http://upstream.invalid/v1",
                ["ChatGrpc:Providers:mock:ApiKey"] = "sk-bench",
                ["ChatGrpc:Models:0:Name"] = "relay",
                ["ChatGrpc:Models:0:Deployments:0:Provider"] = "mock",
                ["ChatGrpc:Models:0:Deployments:0:Model"] = "relay",
            });
            if (Signals == "off")
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ChatGrpc:Telemetry:PrometheusEnabled"] = "false",
                    ["Logging:CaptureScopes"] = "false",
                });
            }

            builder.Services.AddSingleton<IConnectionListenerFactory>(_transport);
            builder.Services.AddHttpClient(ProviderFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(static () => new CannedUpstreamHandler());
            builder.Services.AddSingleton(new ModelRoute("bare", new FixedAnswerProvider()));
        });
        await _gateway.StartAsync();

        const string authorization = "Basic YmVuY2g6YmVuY2gtcGFzc3dvcmQ="; // bench:bench-password
        var body = $$"""{"model":"{{Model}}","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the benchmark."}],"temperature":0.2,"max_tokens":64""";
        _restUnary = RestRequest(body + "}", authorization);
        _restStream = RestRequest(body + ""","stream":true}""", authorization);
        _rest = new Http1Client(_transport.Connect(RestPort));
        _grpcRequest = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(body + "}")).Request;
        _headers = new Metadata { { "authorization", authorization } };
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(new DuplexPipeStream(_transport.Connect(GrpcPort))),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            },
        });
        _grpc = new ChatService.ChatServiceClient(_channel);

        // Every path must answer in full before it is timed; the REST framing is printed for the record.
        Check("REST unary", await _rest.SendAsync(_restUnary));
        Check("REST stream", await _rest.SendAsync(_restStream));
        if (!_rest.LastBody().EndsWith("}\n\ndata: [DONE]\n\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The REST stream did not end with [DONE]: " + _rest.LastBody());
        }

        _ = await GrpcUnary();
        if (await GrpcStream() < 2)
        {
            throw new InvalidOperationException("The gRPC stream returned too few chunks.");
        }
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _channel.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), s_usageDatabaseName + "*"))
        {
            File.Delete(file);
        }
    }

    public void Dispose()
    {
        _channel?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task<int> RestUnary() => (await _rest.SendAsync(_restUnary)).BodyBytes;

    [Benchmark]
    public async Task<int> RestStream() => (await _rest.SendAsync(_restStream)).BodyBytes;

    [Benchmark]
    public async Task<int> GrpcUnary() => (await _grpc.CreateChatCompletionAsync(_grpcRequest, _headers)).Choices.Count;

    [Benchmark]
    public async Task<int> GrpcStream()
    {
        using var call = _grpc.StreamChatCompletion(_grpcRequest, _headers);
        var count = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private void Check(string path, Http1Response response)
    {
        var head = _rest.DescribeLast();
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} answered {head}\n{_rest.LastBody()}");
        }

        Console.WriteLine($"// {path} ({Model}): {response.BodyBytes} body bytes in {response.Chunks} HTTP/1.1 chunks; {head.Replace("\r\n", " | ", StringComparison.Ordinal)}");
    }

    private static byte[] RestRequest(string body, string authorization)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: {authorization}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }
}
