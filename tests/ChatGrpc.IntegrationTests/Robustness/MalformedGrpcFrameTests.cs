using System.Net;
using System.Net.Http.Headers;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// gRPC frames a signed-in caller can send that cannot be read (a bad compressed flag, a length past the limit,
/// bytes that are not the request message) get grpc-dotnet's own statuses, write no stack trace, and are counted as
/// the failures they are, once each, in the call's log line.
/// </summary>
public sealed class MalformedGrpcFrameTests(ObservedServerFixture server) : IClassFixture<ObservedServerFixture>
{
    private const string Method = "chatgrpc.v1.ChatService/CreateChatCompletion";

    public static TheoryData<string, byte[], int> Frames => new()
    {
        // printf '\x00\xff\xff\xff\xffabc': a length of 4 GiB - 1, far over ChatGrpc:RequestBody:MaxBytes.
        { "length over the limit", [0x00, 0xff, 0xff, 0xff, 0xff, (byte)'a', (byte)'b', (byte)'c'], 8 /* RESOURCE_EXHAUSTED */ },
        // The compressed flag is 0 or 1; 7 is no flag at all.
        { "bad compressed flag", [0x07, 0x00, 0x00, 0x00, 0x01, 0x00], 13 /* INTERNAL */ },
        // Compressed, but no grpc-encoding says how.
        { "compressed without an encoding", [0x01, 0x00, 0x00, 0x00, 0x01, 0x00], 13 /* INTERNAL */ },
        // A field tag whose wire type does not exist.
        { "invalid protobuf", Frame([0x0f, 0xff, 0xff, 0xff]), 13 /* INTERNAL */ },
        // A length prefix promising more bytes than the body holds.
        { "truncated frame", [0x00, 0x00, 0x00, 0x00, 0x10, 0x01], 13 /* INTERNAL */ },
    };

    private static byte[] Frame(byte[] message) =>
        [0, (byte)(message.Length >> 24), (byte)(message.Length >> 16), (byte)(message.Length >> 8), (byte)message.Length, .. message];

    private async Task<(string Status, string Message)> SendAsync(byte[] body)
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = server.GrpcAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, Method) { Content = new ByteArrayContent(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization());
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.TrailingHeaders.Concat(response.Headers).ToDictionary(static h => h.Key, static h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return (headers.GetValueOrDefault("grpc-status") ?? $"none (HTTP {(int)response.StatusCode} {response.Version} {string.Join(";", headers.Keys)})", Uri.UnescapeDataString(headers.GetValueOrDefault("grpc-message") ?? string.Empty));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task UnreadableFrame_GetsGrpcDotnetsStatus_NoStackTrace_AndIsCountedAsAFailure(string what, byte[] body, int expected)
    {
        var before = server.Logs.GetSnapshot().Count;

        var (status, message) = await SendAsync(body);

        Assert.True(status == expected.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{what}: grpc-status {status} ({message})");
        Assert.NotEqual("Exception was thrown by handler.", message);

        // The call's own log line comes when its response has ended: wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> lines;
        do
        {
            await Task.Delay(20);
            lines = [.. server.Logs.GetSnapshot().Skip(before)];
        }
        while (!lines.Any(IsCallLine) && DateTime.UtcNow < deadline);

        Assert.DoesNotContain(lines, static l => l.Exception is not null || l.Message.Contains("   at ", StringComparison.Ordinal));
        var ended = Assert.Single(lines, IsCallLine);
        var outcome = ended.StructuredState!.Single(static p => p.Key == "Outcome").Value;
        Assert.NotEqual("ok", outcome);
        Assert.True(lines.All(static l => l.Level <= LogLevel.Information), string.Join("\n", lines.Select(static l => $"{l.Level} {l.Category}: {l.Message}")));
    }

    /// <summary>The call's own line: a frame refused before its message was read names no model.</summary>
    private static bool IsCallLine(Microsoft.Extensions.Logging.Testing.FakeLogRecord line) => line.Id.Name is "CallEnded" or "CallWithoutModelEnded";

    [Fact]
    public async Task WellFormedFrame_IsAnswered_TheControl()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });

        var (status, _) = await SendAsync(Frame(request.ToByteArray()));

        Assert.True(status == "0", status + string.Join("\n", server.Logs.GetSnapshot().Where(static l => l.Exception is not null).Select(static l => l.Exception!.ToString())));
    }
}
