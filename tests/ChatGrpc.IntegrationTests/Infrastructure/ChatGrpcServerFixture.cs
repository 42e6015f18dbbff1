using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;
using ChatGrpc.V1;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// The real gateway, built as <c>Program</c> builds it, listening on two loopback ports (REST on HTTP/1.1,
/// gRPC on h2c), with one configured user. Shared by the tests of a collection.
/// </summary>
public class ChatGrpcServerFixture : IAsyncLifetime
{
    public const string UserName = "tester";
    public const string Password = "correct horse battery staple";

    private WebApplication? _app;
    private GrpcChannel? _channel;

    public Uri RestAddress { get; private set; } = null!;

    /// <summary>Configuration a derived fixture adds to the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The base URL the OpenAI SDKs are pointed at.</summary>
    public Uri OpenAiBaseAddress => new(RestAddress, "/api/v1/openai/");

    public static string BasicAuthorization(string userName = UserName, string password = Password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    /// <summary>Services a derived fixture adds to the gateway's own, e.g. a test provider behind a <c>ModelRoute</c>.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Command-line arguments for the server, read before any other setting (e.g. configuration directories).</summary>
    protected virtual string[] Arguments => [];

    /// <summary>A last change to the builder, after the settings were added (e.g. a reloading configuration file).</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    /// <summary>A password hash in the configured format, cheap to check (1,000 iterations).</summary>
    public static string HashOf(string password) => new Pbkdf2PasswordHasher(iterations: 1_000).Hash(Encoding.UTF8.GetBytes(password)).Encode();

    /// <summary>The running server's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("Not started.");

    /// <summary>A gRPC client that sends the test user's credentials on every call.</summary>
    public ChatService.ChatServiceClient CreateChatClient(string? authorization = null) =>
        new(Channel.Intercept(headers =>
        {
            headers.Add("authorization", authorization ?? BasicAuthorization());
            return headers;
        }));

    /// <summary>An HttpClient for the REST endpoint, with the test user's credentials unless told otherwise.</summary>
    public HttpClient CreateHttpClient(bool authenticated = true)
    {
        var client = new HttpClient { BaseAddress = RestAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(BasicAuthorization());
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        var restPort = FreeLoopbackPort();
        var grpcPort = FreeLoopbackPort();
        // A low iteration count keeps start-up fast; the hash format and check are the production ones.
        var hash = HashOf(Password);
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = $"http://127.0.0.1:{restPort}",
            ["Kestrel:Endpoints:Rest:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            [$"ChatGrpc:Auth:Users:{UserName}"] = hash,
            ["Logging:LogLevel:Default"] = "Warning",
            // The host runs in Production, where the development model is off unless configured: the tests use it.
            ["ChatGrpc:Development:Enabled"] = "true",
            // Tests read one log line per call they make, many within seconds: the flood guard is tested by LogFloodTests.
            ["ChatGrpc:Logging:RecordsPerInterval"] = "100000",
            // Each server its own usage database, never the test output's shared data/ directory.
            ["ChatGrpc:Usage:SqlitePath"] = Path.Combine(Directory.CreateTempSubdirectory("chatgrpc-usage-").FullName, "usage.db"),
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        _app = ChatGrpcApplication.Build(Arguments, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            ConfigureServices(builder.Services);
            ConfigureBuilder(builder);
        });
        await _app.StartAsync();
        RestAddress = new Uri($"http://127.0.0.1:{restPort}/");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}/");
        _channel = GrpcChannel.ForAddress(GrpcAddress);
    }

    /// <summary>Stops the server as a shutdown signal would (calls in flight get the shutdown timeout), then releases the client channel.</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _channel?.Dispose();
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
