using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Garbage on the wire gets a clear status, and cannot be turned into gigabytes of log: malformed gRPC frames,
/// bad chunked encoding, bodies from callers without credentials.
/// </summary>
public sealed class ProtocolAbuseTests(ObservedServerFixture server) : IClassFixture<ObservedServerFixture>
{
    private const string Method = "chatgrpc.v1.ChatService/CreateChatCompletion";

    private HttpClient CreateH2cClient() => new(new SocketsHttpHandler())
    {
        BaseAddress = server.GrpcAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static HttpRequestMessage GrpcRequest(byte[] body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Method)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", authorization);
        }

        return request;
    }

    /// <summary>A gRPC frame, uncompressed, whose payload is not a valid protobuf message.</summary>
    private static byte[] GarbageFrame()
    {
        byte[] payload = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x0a, 0x99];
        return [0, 0, 0, 0, (byte)payload.Length, .. payload];
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single()
        : response.Headers.TryGetValues("grpc-status", out var leading) ? leading.Single()
        : null;

    [Fact]
    public async Task GarbageGrpcFrameWithoutCredentials_IsUnauthenticatedWithoutBeingParsed()
    {
        using var client = CreateH2cClient();
        using var request = GrpcRequest(GarbageFrame(), authorization: null);

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("16", GrpcStatus(response));
        Assert.DoesNotContain(server.Logs.GetSnapshot(), record => record.Exception is Google.Protobuf.InvalidProtocolBufferException);
    }

    [Fact]
    public async Task ThousandGarbageGrpcRequests_AddABoundedAmountOfLog()
    {
        using var client = CreateH2cClient();
        var before = LogBytes();

        for (var i = 0; i < 1_000; i++)
        {
            using var request = GrpcRequest(GarbageFrame(), authorization: i % 2 == 0 ? null : "Basic !!!!");
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("16", GrpcStatus(response));
        }

        var added = LogBytes() - before;
        Assert.True(added < 16 * 1024, $"1,000 garbage requests added {added} bytes of log.");
    }

    [Fact]
    public async Task MalformedChunkSize_Is400()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.RestAddress.Port);
        var head = $"POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: {ChatGrpcServerFixture.BasicAuthorization()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        var answer = await ReadAnswerAsync(socket);

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }

    private long LogBytes() =>
        server.Logs.GetSnapshot().Sum(record => (long)record.Message.Length + (record.Exception?.ToString().Length ?? 0));

    private static async Task<string> ReadAnswerAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var answer = new StringBuilder();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return answer.ToString();
    }
}
