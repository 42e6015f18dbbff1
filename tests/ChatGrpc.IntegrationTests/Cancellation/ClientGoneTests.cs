using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatGrpc.IntegrationTests.Cancellation;

/// <summary>
/// When a client goes away, the provider's cancellation token fires at once, seen from the server's side (the provider
/// records when), and the departure is logged once at Information without a stack trace.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ClientGoneTests(ObservedServerFixture server) : IClassFixture<ObservedServerFixture>
{
    // Measured on an idle machine: well under 100 ms. The bound leaves room for a loaded test machine (the suite runs
    // test classes in parallel on two cores) without hiding a missing cancellation, which would take seconds or forever.
    private static readonly TimeSpan s_promptly = TimeSpan.FromMilliseconds(1000);
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(20);

    private static CreateChatCompletionRequest GrpcRequest(string model)
    {
        var request = new CreateChatCompletionRequest { Model = model };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        return request;
    }

    private static StringContent RestBody(string model, bool stream) =>
        new($$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task RestUnary_ClientCancels_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel();
        var requestId = NewRequestId();
        using var client = server.CreateHttpClient();
        client.DefaultRequestHeaders.Add("x-request-id", requestId);
        using var cancellation = new CancellationTokenSource();

        var call = client.PostAsync("api/v1/openai/chat/completions", RestBody(model, stream: false), cancellation.Token);
        await provider.Started.WaitAsync(s_guard);
        var cancelledAt = Stopwatch.GetTimestamp();
        await cancellation.CancelAsync();

        await AssertCancelledPromptlyAsync(provider, cancelledAt);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await AssertLoggedOnceWithoutStackTraceAsync(requestId);
    }

    [Fact]
    public async Task RestStream_ClientLeavesAfterTheFirstEvent_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel();
        var requestId = NewRequestId();
        // No draining of the rest of the answer on dispose: the connection closes at once, as a process that exits.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.RestAddress };
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization());
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions") { Content = RestBody(model, stream: true) };
        request.Headers.Add("x-request-id", requestId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(s_guard);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[16];
        Assert.True(await stream.ReadAsync(first) > 0);

        var cancelledAt = Stopwatch.GetTimestamp();
        response.Dispose();

        await AssertCancelledPromptlyAsync(provider, cancelledAt);
        await AssertLoggedOnceWithoutStackTraceAsync(requestId);
    }

    [Fact]
    public async Task RestStream_ClientLeavesWhileTheServerIsBlockedWritingToIt_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel(flood: true);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, server.RestAddress.Port);
        var body = $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
        var head = $"POST /api/v1/openai/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: {ChatGrpcServerFixture.BasicAuthorization()}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n";
        await socket.SendAsync(Encoding.UTF8.GetBytes(head + body));
        await provider.Started.WaitAsync(s_guard);
        // The client reads nothing: the server fills the socket's buffers and then waits on its write.
        await Task.Delay(500);
        Assert.False(provider.CancelledAt.IsCompleted);

        var cancelledAt = Stopwatch.GetTimestamp();
        socket.LingerState = new LingerOption(enable: true, seconds: 0);
        socket.Close();

        // The flooding provider never ends by itself, so any bound proves the departure reached it. A write blocked on a
        // full socket learns of the reset only when the kernel fails it, which a loaded machine has delayed to 3 s.
        await AssertCancelledPromptlyAsync(provider, cancelledAt, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GrpcUnary_ClientCancels_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel();
        var requestId = NewRequestId();
        using var cancellation = new CancellationTokenSource();

        using var call = server.CreateChatClient().CreateChatCompletionAsync(GrpcRequest(model), RequestIdHeader(requestId), cancellationToken: cancellation.Token);
        await provider.Started.WaitAsync(s_guard);
        var cancelledAt = Stopwatch.GetTimestamp();
        await cancellation.CancelAsync();

        await AssertCancelledPromptlyAsync(provider, cancelledAt);
        await AssertLoggedOnceWithoutStackTraceAsync(requestId);
    }

    [Fact]
    public async Task GrpcStream_ClientCancelsAfterTheFirstChunk_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel();
        var requestId = NewRequestId();
        using var cancellation = new CancellationTokenSource();
        using var call = server.CreateChatClient().StreamChatCompletion(GrpcRequest(model), RequestIdHeader(requestId), cancellationToken: cancellation.Token);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(s_guard));

        var cancelledAt = Stopwatch.GetTimestamp();
        await cancellation.CancelAsync();

        await AssertCancelledPromptlyAsync(provider, cancelledAt);
        await AssertLoggedOnceWithoutStackTraceAsync(requestId);
    }

    [Fact]
    public async Task GrpcDeadline_Passes_ProviderIsCancelled()
    {
        var (model, provider) = server.NewModel();
        var deadline = DateTime.UtcNow.AddMilliseconds(700);

        using var call = server.CreateChatClient().CreateChatCompletionAsync(GrpcRequest(model), deadline: deadline);
        await provider.Started.WaitAsync(s_guard);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var cancelled = await provider.CancelledAt.WaitAsync(s_guard);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var late = DateTime.UtcNow - deadline - Stopwatch.GetElapsedTime(cancelled);
        Assert.True(late < s_promptly, $"The provider was cancelled {late.TotalMilliseconds:F0} ms after the deadline.");
    }

    private static async Task AssertCancelledPromptlyAsync(ObservingProvider provider, long clientCancelledAt, TimeSpan? within = null)
    {
        var providerCancelledAt = await provider.CancelledAt.WaitAsync(s_guard);
        var delay = Stopwatch.GetElapsedTime(clientCancelledAt, providerCancelledAt);
        Assert.True(delay < (within ?? s_promptly), $"The provider was cancelled {delay.TotalMilliseconds:F0} ms after the client left.");
    }

    private async Task AssertLoggedOnceWithoutStackTraceAsync(string requestId)
    {
        // The log line follows the provider's cancellation by a little.
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 5.0);
        List<FakeLogRecord> records;
        while ((records = RecordsOf(requestId)).Count == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }

        while (!records.Any(record => record.Id.Name == "CallEnded") && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
            records = RecordsOf(requestId);
        }

        var departure = Assert.Single(records, record => record.Id.Name == "ClientWentAway");
        Assert.Equal(LogLevel.Information, departure.Level);
        Assert.Null(departure.Exception);
        var callLine = Assert.Single(records, record => record.Id.Name == "CallEnded");
        Assert.Equal("client_closed", callLine.StructuredState!.Single(pair => pair.Key == "Outcome").Value);
        Assert.All(records, record => Assert.Null(record.Exception));
        Assert.DoesNotContain(server.Logs.GetSnapshot(), other => other.Level >= LogLevel.Error);
    }

    private List<FakeLogRecord> RecordsOf(string requestId) =>
        [.. server.Logs.GetSnapshot().Where(record => record.StructuredState?.Any(pair => pair.Key == "RequestId" && pair.Value == requestId) == true)];

    private static string NewRequestId() => "gone-" + Guid.NewGuid().ToString("N");

    private static Metadata RequestIdHeader(string requestId) => new() { { "x-request-id", requestId } };
}
