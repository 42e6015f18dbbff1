using System.Diagnostics;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Telemetry;
using Grpc.AspNetCore.Server;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// Keeps each ended chat completion call in <see cref="RecentCallsBuffer"/>. It runs outside the call's telemetry
/// middleware, so that it reads the call's record once that middleware has completed it (user, outcome).
/// </summary>
internal sealed class RecentCallsMiddleware(RequestDelegate next, RecentCallsBuffer buffer, UpstreamStats upstreams, TimeProvider timeProvider)
{
    /// <summary>A model name as long as this is kept whole; a longer one (a caller's, since configured names are short) is cut.</summary>
    public const int MaxModelLength = 100;

    private static readonly HashSet<string> s_chatServices = new(StringComparer.Ordinal) { "chatgrpc.v1.ChatService", "chatgrpc.v1.OpenAiCompatibleService" };

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } method
            || !s_chatServices.Contains(method.Method.ServiceName)
            || !method.Method.Name.Contains("ChatCompletion", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        // The call's server span, whose trace the page links to: read before the call, while it is current.
        var traceId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : string.Empty;
        try
        {
            await next(context);
        }
        finally
        {
            if (context.Features.Get<CallRecord>() is { } record)
            {
                buffer.Add(Entry(context, record, traceId));
            }
        }
    }

    private RecentCallEntry Entry(HttpContext context, CallRecord record, string traceId)
    {
        var user = record.User ?? string.Empty;
        return new RecentCallEntry(
            timeProvider.GetUtcNow(),
            record.RequestId,
            user,
            user.Length == 0 ? string.Empty : AuthenticatedUser.GetKeyName(context) ?? "basic",
            Bounded(record.Model ?? string.Empty),
            record.Deployment ?? string.Empty,
            GatewayTelemetry.Outcome(record.Failure),
            record.Transport == CallTransport.Rest ? "rest" : "grpc",
            record.IsStream,
            Math.Round(record.Elapsed.TotalMilliseconds, 1),
            record.InputTokens,
            record.OutputTokens,
            record.Price is null && record.Cost == 0 ? null : (double)record.Cost,
            upstreams.FailedDeployments(record),
            traceId);
    }

    private static string Bounded(string model) => model.Length <= MaxModelLength ? model : string.Concat(model.AsSpan(0, MaxModelLength), "…");
}
