using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>Streams are written as they are produced, and a client that goes away stops the work.</summary>
public sealed class StreamingTests(SlowServerFixture server) : IClassFixture<SlowServerFixture>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SseStream_DeliversTheFirstEventBeforeTheAnswerIsDone()
    {
        using var client = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions")
        {
            Content = new StringContent("""{"model":"chatgrpc-dev","stream":true,"messages":[{"role":"user","content":"slowly"}]}""", Encoding.UTF8, "application/json"),
        };
        using var guard = new CancellationTokenSource(Guard);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        await using var body = await response.Content.ReadAsStreamAsync(guard.Token);
        var firstEvent = await ReadEventAsync(body, guard.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("data: ", firstEvent, StringComparison.Ordinal);
        var chunk = JsonNode.Parse(firstEvent["data: ".Length..])!;
        Assert.Equal("assistant", (string?)chunk["choices"]![0]!["delta"]!["role"]);
    }

    [Fact]
    public async Task GrpcStream_CancelledByTheClient_EndsTheCall()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "slowly" } } });
        using var cancellation = new CancellationTokenSource(Guard);
        using var call = server.CreateChatClient().StreamChatCompletion(request, cancellationToken: cancellation.Token);

        Assert.True(await call.ResponseStream.MoveNext(cancellation.Token));
        Assert.Equal(ChatRole.Assistant, call.ResponseStream.Current.Choices[0].Delta.Role);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static async Task<string> ReadEventAsync(Stream body, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (!text.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString()[..text.ToString().IndexOf("\n\n", StringComparison.Ordinal)];
    }
}
