using System.Diagnostics;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Hosting;

/// <summary>
/// Stopping the server lets calls in flight go on for HostOptions:ShutdownTimeout, then cuts them with a clear error:
/// an SSE error event and [DONE] on REST, UNAVAILABLE on gRPC.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(8);

    // Calls are cut a quarter of the timeout before it ends, so that their last events are written before the host
    // aborts the connections.
    private static readonly TimeSpan s_cut = TimeSpan.FromSeconds(6);

    private sealed class SlowStreamsServer : ChatGrpcServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            // The first chunk arrives at once; the next would take a minute.
            ["ChatGrpc:Development:TokenDelay"] = "00:01:00",
            ["HostOptions:ShutdownTimeout"] = "00:00:08",
        };
    }

    [Fact]
    public async Task SlowStreams_AreCutAtTheShutdownTimeoutWithAClearError()
    {
        var server = new SlowStreamsServer();
        await server.InitializeAsync();
        try
        {
            using var client = server.CreateHttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions")
            {
                Content = new StringContent("""{"model":"chatgrpc-dev","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            using var rest = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var restEvents = new StreamReader(await rest.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: {", await restEvents.ReadLineAsync(), StringComparison.Ordinal);

            var grpcRequest = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
            grpcRequest.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
            using var grpc = server.CreateChatClient().StreamChatCompletion(grpcRequest);
            Assert.True(await grpc.ResponseStream.MoveNext());

            var stopping = Stopwatch.StartNew();
            var stop = server.DisposeAsync();

            var restTail = await restEvents.ReadToEndAsync();
            var restEnded = stopping.Elapsed;
            var grpcError = await Assert.ThrowsAsync<RpcException>(() => grpc.ResponseStream.MoveNext());
            await stop;

            var events = restTail.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, events.Length);
            JsonAssert.Equal(ErrorBody.EventJson(ChatErrorKind.Unavailable, "The server is shutting down; send the request again."), events[0].Trim()["data: ".Length..]);
            Assert.Equal("data: [DONE]", events[1].Trim());
            Assert.Equal(StatusCode.Unavailable, grpcError.StatusCode);
            Assert.InRange(restEnded, s_cut - TimeSpan.FromSeconds(1), s_cut + TimeSpan.FromSeconds(1.5));
            Assert.True(stopping.Elapsed < s_shutdownTimeout + TimeSpan.FromSeconds(5), $"Stopping took {stopping.Elapsed}.");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
