using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// The floods of issue 19's point 5, through the real server and real sockets: an HTTP/2 rapid reset without
/// credentials, signed-in calls the client abandons, and calls shed with 503 under overload. Each writes a few lines of
/// its kind per interval and one summary line, and the server serves a signed-in call afterwards.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class FloodLogBoundTests(ITestOutputHelper output)
{
    private const int RecordsPerInterval = 10;

    // Long enough that each flood stays within one or two intervals, so the bounds below are exact counts.
    private const string Interval = "00:01:00";

    // The most log a guarded flood may write: a few lines of each kind and the summaries, about 100 B to 500 B each.
    private const int MaxGuardedBytes = 16 * 1024;

    private const int RapidResetPairs = 4_000;
    private const int Flooders = 4;
    private const int PairsPerConnection = 100;
    private const int AbandonedCalls = 300;
    private const int ShedCalls = 300;

    [Fact]
    public async Task RapidResetWithoutCredentials_WritesAFewLinesOfEachKind_WhereUnguardedItWritesMany()
    {
        // Unguarded first: a cold process starts so slowly that the resets may beat every stream to the application.
        var unguarded = await FloodAsync("1000000");
        var guarded = await FloodAsync(RecordsPerInterval.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine($"rapid reset, {RapidResetPairs} HEADERS + RST_STREAM pairs: guarded {guarded.Lines.Count} lines, {LoggedBytes(guarded.Lines)} B over {guarded.Connections} connections; unguarded {unguarded.Lines.Count} lines, {LoggedBytes(unguarded.Lines)} B over {unguarded.Connections} connections");
        output.WriteLine(Describe(guarded.Lines));
        output.WriteLine(Describe(unguarded.Lines));

        AssertCapped(guarded.Lines);
        Assert.True(LoggedBytes(guarded.Lines) < MaxGuardedBytes, $"{LoggedBytes(guarded.Lines)} B logged:\n{Describe(guarded.Lines)}");

        // The guard's own account: what it left out is most of what the flood made the server log.
        var leftOut = guarded.Lines.Where(static line => line.Id.Name == "LogRecordsSuppressed").Sum(static line => Convert.ToInt64(line.GetStructuredStateValue("Count"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(leftOut > 5 * guarded.Lines.Count, $"left out {leftOut}, wrote {guarded.Lines.Count}:\n{Describe(guarded.Lines)}");

        // The control: with the guard opened wide the same flood leaves nothing out and writes past the cap, so the bound
        // above is the guard's and not the flood's.
        Assert.DoesNotContain(unguarded.Lines, static line => line.Id.Name == "LogRecordsSuppressed");
        Assert.True(unguarded.Lines.Count > 5 * guarded.Lines.Count, $"unguarded {unguarded.Lines.Count} lines, guarded {guarded.Lines.Count}");

        static async Task<(List<FakeLogRecord> Lines, int Connections)> FloodAsync(string recordsPerInterval)
        {
            var server = new FloodServer(new Dictionary<string, string?>
            {
                ["ChatGrpc:Logging:RecordsPerInterval"] = recordsPerInterval,
                // At Information this flood writes nothing now, guard or not (the refused calls' line is Debug): at
                // Debug, Kestrel's per-stream lines and the refused calls' lines are what the guard has to hold.
                ["Logging:LogLevel:Default"] = "Debug",
            });
            await server.InitializeAsync();
            try
            {
                // Warm: both the refused and the served paths have run once before the flood.
                await AssertServesSignedInCallAsync(server);
                var refused = await Assert.ThrowsAsync<RpcException>(() => server.CreateChatClient("Basic bm8=").CreateChatCompletionAsync(Request("hi")).ResponseAsync);
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
                var before = server.Logs.GetSnapshot().Count;
                var connections = (await Task.WhenAll(Enumerable.Range(0, Flooders).Select(_ => RapidResetAsync(server.GrpcAddress, RapidResetPairs / Flooders)))).Sum();
                await AssertServesSignedInCallAsync(server);
                await server.DisposeAsync(); // the summary of the interval in progress is written on the way out
                return (server.Logs.GetSnapshot().Skip(before).ToList(), connections);
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SignedInCallsAbandonedAfterTheFirstChunk_WriteTenClientClosedLines_ThenASummary()
    {
        var server = new FloodServer(new Dictionary<string, string?>
        {
            ["ChatGrpc:Logging:RecordsPerInterval"] = RecordsPerInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Slow enough that every call is still streaming when its client leaves.
            ["ChatGrpc:Development:TokenDelay"] = "00:00:00.050",
        });
        await server.InitializeAsync();
        try
        {
            var client = server.CreateChatClient();
            var before = server.Logs.GetSnapshot().Count;
            for (var i = 0; i < AbandonedCalls; i++)
            {
                using var abandon = new CancellationTokenSource();
                using var call = client.StreamChatCompletion(Request("hi"), cancellationToken: abandon.Token);
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                await abandon.CancelAsync();
            }

            await AssertServesSignedInCallAsync(server);
            await Task.Delay(500); // the last abandoned calls' lines are written as the server sees them end
            await server.DisposeAsync();
            var lines = server.Logs.GetSnapshot().Skip(before).ToList();
            output.WriteLine($"{AbandonedCalls} abandoned streams: {lines.Count} lines, {LoggedBytes(lines)} B");
            output.WriteLine(Describe(lines));

            Assert.Equal(RecordsPerInterval, lines.Count(static line => line.Id.Name == "CallEnded" && OutcomeOf(line) == "client_closed"));
            AssertCapped(lines);
            var summary = Assert.Single(lines, static line => line.Id.Name == "LogRecordsSuppressed");
            Assert.Contains("CallTelemetryMiddleware[10] client_closed", summary.Message, StringComparison.Ordinal);
            Assert.True(LoggedBytes(lines) < MaxGuardedBytes, $"{LoggedBytes(lines)} B logged:\n{Describe(lines)}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task CallsShedUnderOverload_WriteTenLinesOfThe503_ThenASummary()
    {
        var server = new FloodServer(new Dictionary<string, string?>
        {
            ["ChatGrpc:Logging:RecordsPerInterval"] = RecordsPerInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChatGrpc:Limits:MaxConcurrentCalls"] = "1",
            ["ChatGrpc:Limits:QueueLength"] = "0",
            ["ChatGrpc:Development:TokenDelay"] = "00:00:00.100",
        });
        await server.InitializeAsync();
        try
        {
            var client = server.CreateChatClient();
            var before = server.Logs.GetSnapshot().Count;

            // One long stream holds the only place while the flood runs.
            using var holder = new CancellationTokenSource();
            using var held = client.StreamChatCompletion(Request(string.Join(' ', Enumerable.Repeat("word", 300))), cancellationToken: holder.Token);
            Assert.True(await held.ResponseStream.MoveNext(CancellationToken.None));

            using var http = server.CreateHttpClient();
            for (var i = 0; i < ShedCalls; i++)
            {
                using var shed = await http.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
            }

            // The place frees once the server sees the holder's cancellation; then a signed-in call is served.
            await holder.CancelAsync();
            var freed = System.Diagnostics.Stopwatch.StartNew();
            var shedWhileFreeing = 0;
            while (true)
            {
                try
                {
                    await AssertServesSignedInCallAsync(server);
                    break;
                }
                catch (RpcException shedStill) when (shedStill.StatusCode == StatusCode.Unavailable && freed.Elapsed < TimeSpan.FromSeconds(5))
                {
                    shedWhileFreeing++;
                    await Task.Delay(50);
                }
            }

            await server.DisposeAsync();
            var lines = server.Logs.GetSnapshot().Skip(before).ToList();
            output.WriteLine($"{ShedCalls} shed calls: {lines.Count} lines, {LoggedBytes(lines)} B");
            output.WriteLine(Describe(lines));

            Assert.Equal(RecordsPerInterval, lines.Count(static line => line.Id.Name == "CallEnded" && OutcomeOf(line) == "unavailable"));
            Assert.All(lines.Where(static line => OutcomeOf(line) == "unavailable"), static line => Assert.Equal("503", StatusOf(line)));
            AssertCapped(lines);
            var summary = Assert.Single(lines, static line => line.Id.Name == "LogRecordsSuppressed");
            Assert.Contains($"Left out {ShedCalls + shedWhileFreeing - RecordsPerInterval} log records", summary.Message, StringComparison.Ordinal);
            Assert.True(LoggedBytes(lines) < MaxGuardedBytes, $"{LoggedBytes(lines)} B logged:\n{Describe(lines)}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static CreateChatCompletionRequest Request(string text)
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = text } } });
        return request;
    }

    private static async Task AssertServesSignedInCallAsync(FloodServer server)
    {
        var answer = await server.CreateChatClient().CreateChatCompletionAsync(Request("hi"), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.NotEmpty(answer.Choices);
    }

    /// <summary>No kind of line (category and event id; the per-call line also by outcome) written more than the guard allows, the summary aside.</summary>
    private static void AssertCapped(List<FakeLogRecord> lines)
    {
        foreach (var kind in lines.Where(static line => line.Id.Name != "LogRecordsSuppressed").GroupBy(static line => (line.Category, line.Id.Id, OutcomeOf(line))))
        {
            Assert.True(kind.Count() <= RecordsPerInterval, $"{kind.Count()} lines of {kind.Key}");
        }
    }

    private static string? OutcomeOf(FakeLogRecord line) => line.StructuredState?.FirstOrDefault(static p => p.Key == "Outcome").Value;

    private static string? StatusOf(FakeLogRecord line) => line.StructuredState?.FirstOrDefault(static p => p.Key == "Status").Value;

    // What a text log would hold: the message and, for lines that carry one, the exception with its stack trace.
    private static long LoggedBytes(List<FakeLogRecord> lines) =>
        lines.Sum(static line => (long)Encoding.UTF8.GetByteCount(line.Message) + (line.Exception is { } exception ? Encoding.UTF8.GetByteCount(exception.ToString()) : 0));

    private static string Describe(List<FakeLogRecord> lines) =>
        string.Join('\n', lines.GroupBy(static line => (line.Category, line.Id.Id, line.Level)).Select(static kind => $"{kind.Count()} x {kind.Key}: {kind.First().Message}"));

    /// <summary>
    /// Sends the HTTP/2 preface and SETTINGS, then HEADERS + RST_STREAM(CANCEL) pairs on increasing odd stream ids, no
    /// credentials; when Kestrel closes the connection (GOAWAY past its own limit), opens another, until
    /// <paramref name="pairs"/> were sent. Returns the number of connections used.
    /// </summary>
    private static async Task<int> RapidResetAsync(Uri grpcAddress, int pairs)
    {
        var headers = HeadersBlock(grpcAddress.Authority);
        var sent = 0;
        var connections = 0;
        while (sent < pairs && connections < 200)
        {
            connections++;
            // The flooder reads what Kestrel answers while it floods. One that reads nothing fills Kestrel's output
            // queue, and Kestrel then drops the connection after a number of streams that depends on the scheduler:
            // reading keeps the number of streams that reach the application, and so this test, the same every run.
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, grpcAddress.Port);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var drained = DrainAsync(stream);
            try
            {
                var opening = new MemoryStream();
                opening.Write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
                WriteFrame(opening, type: 0x4, flags: 0, streamId: 0, []);
                await stream.WriteAsync(opening.ToArray());
                var streamId = 1;
                for (var onThisConnection = 0; sent < pairs && onThisConnection < PairsPerConnection; onThisConnection += 50)
                {
                    var batch = new MemoryStream();
                    for (var i = 0; i < 50 && sent < pairs; i++, sent++, streamId += 2)
                    {
                        WriteFrame(batch, type: 0x1, flags: 0x4, streamId, headers); // HEADERS, END_HEADERS
                        WriteFrame(batch, type: 0x3, flags: 0, streamId, [0, 0, 0, 0x8]); // RST_STREAM, CANCEL
                    }

                    await stream.WriteAsync(batch.ToArray());
                }
            }
            catch (IOException)
            {
                // Kestrel closed the connection: the next one carries on.
            }
            catch (SocketException)
            {
            }

            try
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
            }

            await drained;
        }

        Assert.Equal(pairs, sent);
        return connections;

        static async Task DrainAsync(NetworkStream stream)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (await stream.ReadAsync(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static void WriteFrame(MemoryStream frames, byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(header[5..], streamId);
        frames.Write(header);
        frames.Write(payload);
    }

    /// <summary>An HPACK block of literal header fields without indexing, new names, no Huffman coding.</summary>
    private static byte[] HeadersBlock(string authority)
    {
        var block = new MemoryStream();
        foreach (var (name, value) in new[]
        {
            (":method", "POST"),
            (":scheme", "http"),
            (":path", "/chatgrpc.v1.ChatService/CreateChatCompletion"),
            (":authority", authority),
            ("content-type", "application/grpc"),
            ("te", "trailers"),
        })
        {
            block.WriteByte(0x00);
            block.WriteByte((byte)name.Length);
            block.Write(Encoding.ASCII.GetBytes(name));
            block.WriteByte((byte)value.Length);
            block.Write(Encoding.ASCII.GetBytes(value));
        }

        return block.ToArray();
    }

    /// <summary>A server whose log goes, through the flood guard, to a collector the test reads.</summary>
    private sealed class FloodServer(IReadOnlyDictionary<string, string?> settings) : ChatGrpcServerFixture
    {
        public FakeLogCollector Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["ChatGrpc:Logging:Interval"] = Interval,
        }.Concat(settings).GroupBy(static setting => setting.Key).ToDictionary(static group => group.Key, static group => group.Last().Value);

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }
}
