using System.IO.Pipelines;
using System.Text;
using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Tests.Providers.Http;

public sealed class ServerSentEventReaderTests
{
    private const string Stream =
        ": keep-alive comment\n\n" +
        "event: message\nid: 7\ndata: {\"a\":\"é😀\"}\n\n" +
        "data: first line\r\ndata:second line\r\n\r\n" +
        "retry: 1000\n" +
        "database: not data\n" +
        "data: [DONE]\n\n";

    private static readonly string[] s_expected = ["{\"a\":\"é😀\"}", "first line\nsecond line", "[DONE]"];

    private static async Task<List<string>> ReadAllAsync(PipeReader pipe)
    {
        var reader = new ServerSentEventReader(pipe);
        var events = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            events.Add(Encoding.UTF8.GetString(reader.Data.Span));
        }

        return events;
    }

    [Fact]
    public async Task WholeStream_GivesEachEventsData_AndSkipsOtherFields()
    {
        var events = await ReadAllAsync(PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(Stream))));

        Assert.Equal(s_expected, events);
    }

    [Fact]
    public async Task StreamSplitInTwoAtEveryBytePosition_GivesTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var split = 1; split < bytes.Length; split++)
        {
            var stream = new SegmentedReadStream(bytes[..split], bytes[split..]);

            Assert.Equal(s_expected, await ReadAllAsync(PipeReader.Create(stream)));
        }
    }

    [Fact]
    public async Task StreamReadOneByteAtATime_GivesTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var stream = new SegmentedReadStream(bytes.Select(static b => new[] { b }).ToArray());

        Assert.Equal(s_expected, await ReadAllAsync(PipeReader.Create(stream)));
    }

    [Fact]
    public async Task StreamWrittenOneByteAtATime_GivesEachEventAsSoonAsItsBlankLineArrives()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var reader = new ServerSentEventReader(pipe.Reader);
        var first = Encoding.UTF8.GetBytes("data: one\n\n");
        foreach (var b in first)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }

        // The second event has not been written yet: the first must be available on its own.
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal("one", Encoding.UTF8.GetString(reader.Data.Span));

        var reading = reader.ReadAsync(CancellationToken.None).AsTask();
        foreach (var b in Encoding.UTF8.GetBytes("data: two\n"))
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }

        Assert.False(reading.IsCompleted);
        await pipe.Writer.WriteAsync("\n"u8.ToArray());
        Assert.True(await reading);
        Assert.Equal("two", Encoding.UTF8.GetString(reader.Data.Span));
    }

    [Fact]
    public async Task LastEventWithoutItsBlankLine_IsStillDelivered()
    {
        var events = await ReadAllAsync(PipeReader.Create(new MemoryStream("data: {}\n\ndata: [DONE]"u8.ToArray())));

        Assert.Equal(["{}", "[DONE]"], events);
    }

    [Fact]
    public async Task EndOfStream_IsFalseWithoutEvents()
    {
        Assert.Empty(await ReadAllAsync(PipeReader.Create(new MemoryStream(": only a comment\n\n"u8.ToArray()))));
    }

    [Fact]
    public async Task EventLargerThanTheLimit_IsRefused()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var reader = new ServerSentEventReader(pipe.Reader, maxEventBytes: 1024);
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: " + new string('x', 1024 + 1)));

        var error = await Assert.ThrowsAsync<UpstreamAnswerTooLargeException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1024, error.Limit);
    }
}
