using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>A signed-in upload that trickles under Kestrel's minimum data rate is cut with 408, the status for it, not 400.</summary>
public sealed class SlowUploadTests(SlowUploadTests.LowDataRateServer server) : IClassFixture<SlowUploadTests.LowDataRateServer>
{
    public sealed class LowDataRateServer : ChatGrpcServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            // The read timeout is far away: only the data rate can cut this upload.
            ["ChatGrpc:RequestBody:ReadTimeout"] = "00:01:00",
            ["Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond"] = "240",
            ["Kestrel:Limits:MinRequestBodyDataRate:GracePeriod"] = "00:00:01",
        };
    }

    [Fact]
    public async Task SignedInUploadUnderTheMinimumDataRate_Gets408()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.RestAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + $"Authorization: {ChatGrpcServerFixture.BasicAuthorization()}\r\nContent-Length: 100000\r\n\r\n{{\"model\":"));

        var buffer = new byte[8192];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new StringBuilder();
        int read;
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 408 ", answer.ToString(), StringComparison.Ordinal);
    }
}
