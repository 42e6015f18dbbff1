using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// An upstream on a loopback port that misbehaves as the upstream model id says, for OpenAI's and Anthropic's
/// paths alike: <c>huge</c> (an answer of <see cref="HugeBytes"/>), <c>gzip-bomb</c> (a small gzip body that
/// unpacks to <see cref="HugeBytes"/>), <c>huge-event</c> (a stream whose first event never ends), <c>echo-key</c>
/// (a 400 whose message quotes the request's credential header), <c>echo-key-stream</c> (a stream whose error
/// event quotes it). It counts the requests per model.
/// </summary>
public sealed class HostileUpstream : IAsyncDisposable
{
    /// <summary>Far beyond the limits the tests configure (1 MiB answers, 64 KiB events).</summary>
    public const int HugeBytes = 64 * 1024 * 1024;

    private static readonly Lazy<byte[]> s_bomb = new(static () =>
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < HugeBytes / zeros.Length; i++)
            {
                gzip.Write(zeros);
            }
        }

        return packed.ToArray();
    });

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public HostileUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("chatgrpc-hostile-").FullName });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", context => HandleAsync(context, "authorization"));
        _app.MapPost("/v1/messages", context => HandleAsync(context, "x-api-key"));
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public Uri BaseAddress { get; }

    /// <summary>The gzip bomb's size on the wire.</summary>
    public static int BombBytes => s_bomb.Value.Length;

    public int RequestsFor(string upstreamModel) => _counts.GetValueOrDefault(upstreamModel);

    private async Task HandleAsync(HttpContext context, string credentialHeader)
    {
        using var request = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
        var model = request.RootElement.GetProperty("model").GetString()!;
        _counts.AddOrUpdate(model, 1, static (_, count) => count + 1);
        var response = context.Response;
        var credential = context.Request.Headers[credentialHeader].ToString();
        switch (model)
        {
            case "huge":
                response.ContentType = "application/json";
                await response.Body.WriteAsync("{\"id\":\""u8.ToArray());
                var filler = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
                for (var written = 0; written < HugeBytes && !context.RequestAborted.IsCancellationRequested; written += filler.Length)
                {
                    await response.Body.WriteAsync(filler, context.RequestAborted);
                }

                break;
            case "gzip-bomb":
                response.ContentType = "application/json";
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(s_bomb.Value, context.RequestAborted);
                break;
            case "huge-event":
                response.ContentType = "text/event-stream";
                await response.Body.WriteAsync("data: {\"id\":\""u8.ToArray());
                var line = Encoding.ASCII.GetBytes(new string('b', 16 * 1024));
                for (var written = 0; written < HugeBytes && !context.RequestAborted.IsCancellationRequested; written += line.Length)
                {
                    await response.Body.WriteAsync(line, context.RequestAborted);
                }

                break;
            case "echo-key":
                response.StatusCode = 400;
                response.ContentType = "application/json";
                await response.WriteAsync(ErrorJson($"Invalid header value. You sent {credentialHeader}: {credential}; check your request."));
                break;
            case "echo-key-stream":
                response.ContentType = "text/event-stream";
                await response.WriteAsync(credentialHeader == "authorization"
                    ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                    : "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n");
                await response.WriteAsync("data: " + ErrorJson($"Upstream broke while handling {credentialHeader}={credential}") + "\n\n");
                break;
            default:
                response.StatusCode = 404;
                break;
        }
    }

    private static string ErrorJson(string message) =>
        new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = message, ["code"] = "invalid_header" } }.ToJsonString();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
