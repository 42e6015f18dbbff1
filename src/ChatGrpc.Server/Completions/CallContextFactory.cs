using ChatGrpc.Server.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Server.Completions;

/// <summary>Builds the <see cref="CallContext"/> of an authenticated call, the same way for both transports.</summary>
public sealed class CallContextFactory(ShutdownCoordinator shutdown)
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
            RequestIdOf(httpContext),
            Transports.Of(httpContext),
            linked.Token,
            deadline,
            httpContext.Features.Get<Telemetry.CallRecord>());
        call.Record.User = call.User;
        return new CallScope(call, linked);
    }

    /// <summary>The request id the call carries (set once per HTTP request, by the first reader).</summary>
    public static string RequestIdOf(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Items.TryGetValue(RequestId.HeaderName, out var known) && known is string id)
        {
            return id;
        }

        id = RequestId.FromHeader(httpContext.Request.Headers[RequestId.HeaderName]);
        httpContext.Items[RequestId.HeaderName] = id;
        return id;
    }
}
