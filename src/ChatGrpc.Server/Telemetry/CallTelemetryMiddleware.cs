using System.Diagnostics;
using System.Globalization;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.UsageRecords;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ChatGrpc.Server.Telemetry;

/// <summary>
/// The outermost step of every gRPC and REST call: gives it its request id (returned as <c>x-request-id</c> and put
/// in every log line of the call through a logging scope), starts the clock behind <c>x-chatgrpc-overhead-ms</c>
/// (sent with the answer's headers, so for a stream it is the cost up to the first chunk), and writes the call's one
/// log line and metrics when it ends, whatever the outcome.
/// </summary>
internal sealed class CallTelemetryMiddleware
{
    public const string OverheadHeader = "x-chatgrpc-overhead-ms";

    /// <summary>The key name a usage record gives a call signed in with Basic credentials.</summary>
    public const string BasicKeyName = "basic";

    private const int MaxRecordedTextLength = 256;

    private readonly RequestDelegate _next;
    private readonly GatewayTelemetry _telemetry;
    private readonly UsageRecorder _usage;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CallTelemetryMiddleware> _logger;

    // Made once: with the call's HttpContext as its state, stamping the overhead needs nothing allocated per call.
    private readonly Func<object, Task> _stampOverhead;

    public CallTelemetryMiddleware(RequestDelegate next, GatewayTelemetry telemetry, UsageRecorder usage, TimeProvider timeProvider, ILogger<CallTelemetryMiddleware> logger)
    {
        _next = next;
        _telemetry = telemetry;
        _usage = usage;
        _timeProvider = timeProvider;
        _logger = logger;
        _stampOverhead = StampOverhead;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } method || OpenMethods.Contains(method.Method.FullName))
        {
            await _next(context);
            return;
        }

        var requestId = RequestId.Of(context);
        var record = new CallRecord(requestId, Transports.Of(context), Stopwatch.GetTimestamp());
        context.Features.Set(record);
        context.Response.Headers[RequestId.HeaderName] = requestId;
        context.Response.OnStarting(_stampOverhead, context);
        using (_logger.BeginScope(new RequestIdScope(requestId)))
        {
            try
            {
                await _next(context);
            }
            finally
            {
                record.Failure ??= FailureOf(context, record);
                record.User ??= AuthenticatedUser.GetName(context);
                _telemetry.CallCounted(record);
                if (record.User is not null && IsChatCompletion(method))
                {
                    // Queued, never waited for: the database is written in batches off the request path.
                    _usage.Record(UsageRecordOf(context, record));
                }

                // Refusals of callers without credentials are counted in the metrics, and logged only at Debug: an
                // unauthenticated client must not be able to write the log.
                if (record.User is null)
                {
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var durationMs = record.Elapsed.TotalMilliseconds;
                        var outcome = GatewayTelemetry.Outcome(record.Failure);
                        ChatGrpcLog.UnauthenticatedCallEnded(_logger, record.RequestId, record.Transport, outcome, context.Response.StatusCode, durationMs);
                    }
                }
                else if (_logger.IsEnabled(LogLevel.Information))
                {
                    LogCallEnded(context, record);
                }
            }
        }
    }

    private static bool IsChatCompletion(GrpcMethodMetadata method) =>
        method.Method.Name is "CreateChatCompletion" or "StreamChatCompletion";

    private UsageRecord UsageRecordOf(HttpContext context, CallRecord record) => new(
        _timeProvider.GetUtcNow(),
        Bounded(record.RequestId, MaxRecordedTextLength),
        record.User!,
        AuthenticatedUser.GetKeyName(context) ?? BasicKeyName,
        Bounded(record.Model ?? string.Empty, MaxRecordedTextLength),
        record.Deployment,
        GatewayTelemetry.Outcome(record.Failure),
        record.InputTokens ?? 0,
        record.CachedInputTokens ?? 0,
        record.OutputTokens ?? 0,
        decimal.Round(record.Cost, 12),
        record.CostEstimated,
        record.Price is not null,
        record.Elapsed.TotalMilliseconds,
        record.Transport == CallTransport.Rest ? "rest" : "grpc");

    /// <summary>Caller text (a model that is not served, a request id) is cut before it reaches the database.</summary>
    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];

    private void LogCallEnded(HttpContext context, CallRecord record)
    {
        var outcome = GatewayTelemetry.Outcome(record.Failure);
        var durationMs = record.Elapsed.TotalMilliseconds;
        var overheadMs = record.Overhead.TotalMilliseconds;
        if (record.Model is null)
        {
            // Listing models, a scrape, a path not served: no model, deployment or tokens to report.
            ChatGrpcLog.CallWithoutModelEnded(_logger, record.RequestId, record.Transport, record.User, outcome, context.Response.StatusCode, durationMs);
            return;
        }

        var model = ModelNames.Logged(record.Model, record.ModelLabel);
        ChatGrpcLog.CallEnded(_logger, record.RequestId, record.Transport, record.User, model, record.Deployment, outcome, context.Response.StatusCode, durationMs, overheadMs, record.InputTokens, record.OutputTokens);
    }

    private Task StampOverhead(object state)
    {
        var context = (HttpContext)state;
        if (context.Features.Get<CallRecord>() is { } record)
        {
            var overhead = record.Overhead;
            context.Response.Headers[OverheadHeader] = overhead.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);
            _telemetry.OverheadMeasured(overhead, record.Transport);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// What a call ended with that neither the pipeline nor an error renderer recorded as failed: a status the
    /// framework wrote itself (grpc-dotnet's for a frame it could not read, say), read off the answer.
    /// </summary>
    private static ChatErrorKind? FailureOf(HttpContext context, CallRecord record)
    {
        if (record.Transport == CallTransport.Rest)
        {
            return ChatErrors.KindOfHttpStatus(context.Response.StatusCode);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return ChatErrorKind.ClientClosed;
        }

        var grpcStatus = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"] is { Count: > 0 } trailer ? trailer : context.Response.Headers["grpc-status"];
        return int.TryParse(grpcStatus.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? ChatErrors.KindOfGrpcStatus((global::Grpc.Core.StatusCode)code)
            : null;
    }
}
