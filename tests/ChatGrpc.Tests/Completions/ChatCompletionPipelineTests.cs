using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Hosting;
using ChatGrpc.Server.Routing;
using ChatGrpc.Tests.Routing;
using ChatGrpc.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Completions;

/// <summary>
/// The pipeline called directly, as both adapters call it, in the gateway's own composition but with no server
/// started: a test provider serves the model, and time is moved by hand.
/// </summary>
public sealed class ChatCompletionPipelineTests : IAsyncDisposable
{
    private static readonly TimeSpan s_stalledClientTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ScriptedProvider _provider = new("scripted");
    private readonly WebApplication _app;

    public ChatCompletionPipelineTests()
    {
        _app = ChatGrpcApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
                ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
                ["ChatGrpc:Development:Enabled"] = "false",
                ["ChatGrpc:Limits:StalledClientTimeout"] = s_stalledClientTimeout.ToString(),
            });
            builder.Services.AddSingleton(new ModelRoute("scripted", _provider));
            builder.Services.AddSingleton<TimeProvider>(_time);
        });
    }

    private ChatCompletionPipeline Pipeline => _app.Services.GetRequiredService<ChatCompletionPipeline>();

    private static CreateChatCompletionRequest Request() => new()
    {
        Model = "scripted",
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello there" } } } },
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task CompleteAsync_AsksTheProviderForAWholeAnswer_WhateverTheRequestSays()
    {
        var request = Request();
        request.Stream = true;
        var call = new CallContext("tester", "req-1", CallTransport.Rest, CancellationToken.None);

        var completion = await Pipeline.CompleteAsync(call, request);

        Assert.Equal("from scripted", completion.Choices.Single().Message.Content);
        var received = Assert.Single(_provider.Received);
        Assert.True(received.HasStream);
        Assert.False(received.Stream);
        Assert.Equal(("scripted", false), (call.Record.Deployment, call.Record.IsStream));
        Assert.False(call.UsageEstimated);
    }

    [Fact]
    public async Task StreamAsync_AsksTheProviderForAStream_EvenWhenTheRequestLeftTheFlagOut()
    {
        var call = new CallContext("tester", "req-1", CallTransport.Rest, CancellationToken.None);

        var chunks = await Pipeline.StreamAsync(call, Request()).ToListAsync();

        Assert.Equal("from scripted", string.Concat(chunks.Select(static c => c.Choices.Single().Delta.Content)));
        Assert.True(Assert.Single(_provider.Received).Stream);
        Assert.Equal(("scripted", true), (call.Record.Deployment, call.Record.IsStream));
    }

    [Fact]
    public async Task AStreamWhoseClientStopsReading_HasItsConnectionCut_OnceAWriteTakesLongerThanTheStalledClientTimeout()
    {
        var cuts = 0;
        var call = new CallContext("tester", "req-1", CallTransport.Grpc, CancellationToken.None) { AbortConnection = () => cuts++ };
        await using var chunks = Pipeline.StreamAsync(call, Request()).GetAsyncEnumerator();

        // The adapter writes each chunk before it asks for the next: time passing here is a write taking that long.
        Assert.True(await chunks.MoveNextAsync());
        _time.Advance(s_stalledClientTimeout - TimeSpan.FromSeconds(1));
        Assert.True(await chunks.MoveNextAsync());
        _time.Advance(s_stalledClientTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal((0, false), (cuts, call.WritesStalled));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal((1, true), (cuts, call.WritesStalled));
    }

    [Fact]
    public async Task AStreamOutsideHttp_HasNothingToCut_AndIsNotWatched()
    {
        var call = new CallContext("tester", "req-1", CallTransport.Grpc, CancellationToken.None);
        await using var chunks = Pipeline.StreamAsync(call, Request()).GetAsyncEnumerator();

        Assert.True(await chunks.MoveNextAsync());
        _time.Advance(s_stalledClientTimeout * 2);

        Assert.False(call.WritesStalled);
        Assert.True(await chunks.MoveNextAsync());
    }
}
