using System.Diagnostics;
using System.Diagnostics.Metrics;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Telemetry;

/// <summary>
/// The gateway's spans and metrics, named after OpenTelemetry's GenAI conventions where they have a name, recorded once
/// in the shared pipeline. No prompt or answer text is ever put in a span or a metric.
/// </summary>
internal sealed class GatewayTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="Meter"/>.</summary>
    public const string Name = "ChatGrpc";

    public static ActivitySource ActivitySource { get; } = new(Name);

    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _chunkRelayDelay;
    private readonly Counter<long> _requests;
    private readonly Counter<double> _spend;
    private readonly Counter<long> _upstreamAttempts;
    private readonly UpDownCounter<long> _activeCalls;
    private readonly UpDownCounter<long> _activeStreams;

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Name);
        _operationDuration = meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of chat completion calls, from the gateway's receipt to the last byte of the answer.");
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per call, by user, model and token type.");
        _timeToFirstToken = meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s", "Time from the gateway's receipt of a streaming call to its first chunk.");
        _overhead = meter.CreateHistogram<double>("chatgrpc.gateway.overhead", "ms", "The gateway's own time per call (reading, validation, auth, routing, writing), without the time spent waiting for the upstream; for streams, up to the first chunk.");
        _chunkRelayDelay = meter.CreateHistogram<double>("chatgrpc.stream.chunk_relay_delay", "ms", "Time from a chunk's arrival from the upstream until it was written to the client.");
        _spend = meter.CreateCounter<double>("chatgrpc.spend", "{USD}", "What priced calls cost, in US dollars, by configured user and public model.");
        _requests = meter.CreateCounter<long>("chatgrpc.requests", "{request}", "Chat completion calls, by transport and outcome.");
        _upstreamAttempts = meter.CreateCounter<long>("chatgrpc.upstream.attempts", "{attempt}", "Calls to upstream deployments, by deployment and outcome.");
        _activeCalls = meter.CreateUpDownCounter<long>("chatgrpc.calls.active", "{call}", "Chat completion calls in flight.");
        _activeStreams = meter.CreateUpDownCounter<long>("chatgrpc.streams.active", "{stream}", "Streaming calls in flight.");
    }

    /// <summary>The outcome tag of a call: <c>ok</c>, or the error kind in snake case.</summary>
    public static string Outcome(ChatErrorKind? failure) => failure is { } kind ? ChatErrors.Describe(kind).OutcomeTag : "ok";

    public void CallStarted(bool stream)
    {
        _activeCalls.Add(1);
        if (stream)
        {
            _activeStreams.Add(1);
        }
    }

    public void CallEnded(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _activeCalls.Add(-1);
        if (record.IsStream)
        {
            _activeStreams.Add(-1);
        }

        var model = new KeyValuePair<string, object?>("gen_ai.request.model", record.Model);
        var operation = new KeyValuePair<string, object?>("gen_ai.operation.name", "chat");
        var provider = new KeyValuePair<string, object?>("gen_ai.provider.name", record.Provider);
        if (record.Failure is { } failure)
        {
            _operationDuration.Record(record.Elapsed.TotalSeconds, operation, model, provider, new KeyValuePair<string, object?>("error.type", ChatErrors.Describe(failure).OutcomeTag));
        }
        else
        {
            _operationDuration.Record(record.Elapsed.TotalSeconds, operation, model, provider);
        }

        var user = new KeyValuePair<string, object?>("chatgrpc.user", record.User);
        if (record.InputTokens is { } input)
        {
            _tokenUsage.Record(input, operation, model, user, new KeyValuePair<string, object?>("gen_ai.token.type", "input"));
        }

        if (record.OutputTokens is { } output)
        {
            _tokenUsage.Record(output, operation, model, user, new KeyValuePair<string, object?>("gen_ai.token.type", "output"));
        }

        // Only a priced call was served by a configured model, so the model label never carries a caller's text.
        if (record.Price is not null && record.User is not null)
        {
            _spend.Add((double)record.Cost, model, user);
        }

        if (record.FirstChunkAt is { } firstChunk)
        {
            _timeToFirstToken.Record(Stopwatch.GetElapsedTime(record.StartedAt, firstChunk).TotalSeconds, operation, model);
        }
    }

    /// <summary>Counts one finished call (also those refused before the pipeline: unauthenticated, invalid).</summary>
    public void CallCounted(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _requests.Add(1, new KeyValuePair<string, object?>("chatgrpc.transport", record.Transport == CallTransport.Rest ? "rest" : "grpc"), new KeyValuePair<string, object?>("chatgrpc.outcome", Outcome(record.Failure)));
    }

    public void OverheadMeasured(TimeSpan overhead, CallTransport transport) =>
        _overhead.Record(overhead.TotalMilliseconds, new KeyValuePair<string, object?>("chatgrpc.transport", transport == CallTransport.Rest ? "rest" : "grpc"));

    public void ChunkRelayed(TimeSpan delay) => _chunkRelayDelay.Record(delay.TotalMilliseconds);

    /// <summary>One attempt at an upstream deployment, as routing makes it.</summary>
    public void UpstreamAttempted(string deployment, string outcome) =>
        _upstreamAttempts.Add(1, new KeyValuePair<string, object?>("chatgrpc.deployment", deployment), new KeyValuePair<string, object?>("chatgrpc.outcome", outcome));
}
