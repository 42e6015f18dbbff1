using System.Globalization;
using ChatGrpc.Server.Calls;
using Grpc.Core;

namespace ChatGrpc.Server.Completions;

/// <summary>Builds the <see cref="CallContext"/> of an authenticated call, the same way for both transports.</summary>
internal sealed class CallContextFactory(ShutdownCoordinator shutdown)
{
    /// <summary>
    /// The call's context, whose token fires when the client goes away, its deadline passes, or shutdown cuts calls.
    /// Dispose the returned scope when the call ends.
    /// </summary>
    public CallScope Create(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.GetHttpContext();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.CallsCut);
        var deadline = context.Deadline == DateTime.MaxValue ? (DateTime?)null : context.Deadline;
        var call = new CallContext(
            AuthenticatedUser.GetName(httpContext) ?? string.Empty,
            RequestId.Of(httpContext),
            Transports.Of(httpContext),
            linked.Token,
            deadline,
            httpContext.Features.Get<CallRecord>())
        {
            HttpHeaders = httpContext.Response.Headers,
            AbortConnection = httpContext.Abort,
        };
        call.Record.User = call.User;
        // What routing decided about the call travels with the answer's headers (gRPC: response header metadata).
        httpContext.Response.OnStarting(static state => AnnotateAsync((CallContext)state), call);
        return new CallScope(call, linked);
    }

    /// <summary>Request fields dropped because the serving model could not honour them (its UnsupportedFields is Drop).</summary>
    public const string DroppedFieldsHeader = "x-chatgrpc-dropped-fields";

    /// <summary>Present, <c>true</c>, when the usage was counted by the gateway because the upstream reported none.</summary>
    public const string UsageEstimatedHeader = "x-chatgrpc-usage-estimated";

    /// <summary>What a whole (not streamed) answer cost in US dollars: a REST header, a gRPC trailer.</summary>
    public const string CostHeader = "x-chatgrpc-cost-usd";

    /// <summary>A cost as the header and trailer write it: invariant digits, no exponent, no trailing zeros.</summary>
    public static string FormatCost(decimal cost) => cost.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds to gRPC trailers what is known only once the answer is complete: its cost, and for a stream whether its
    /// usage was estimated (known at its end, after the headers left; a whole answer's headers say it).
    /// </summary>
    public static void AddTrailers(ServerCallContext context, CallContext call)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(call);
        if (call.Record.IsStream && call.UsageEstimated)
        {
            context.ResponseTrailers.Add(UsageEstimatedHeader, "true");
        }

        context.ResponseTrailers.Add(CostHeader, FormatCost(call.Record.Cost));
    }

    private static Task AnnotateAsync(CallContext call)
    {
        var headers = call.HttpHeaders;
        if (headers is not null)
        {
            // A stream's headers leave before its cost is known; a REST whole answer's after. gRPC says it in trailers.
            if (call.Transport == CallTransport.Rest && call.Record is { IsStream: false, Model: not null })
            {
                headers[CostHeader] = FormatCost(call.Record.Cost);
            }

            if (call.DroppedFields.Count > 0)
            {
                headers[DroppedFieldsHeader] = string.Join(',', call.DroppedFields);
            }

            if (call.UsageEstimated)
            {
                headers[UsageEstimatedHeader] = "true";
            }
        }

        return Task.CompletedTask;
    }

}
