using System.Globalization;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using BreakerState = Polly.CircuitBreaker.CircuitState;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// <c>chatgrpc.v1.AdminService</c>: what the operator's page shows, over gRPC and (transcoded) as JSON under
/// <c>/api/v1/admin/</c>. The interceptor has authenticated the caller; only admins get an answer.
/// </summary>
internal sealed class AdminGrpcService(
    AdminAccess access,
    ModelRouter router,
    UpstreamStats upstreams,
    RecentCallsBuffer recentCalls,
    AdminSpendReport spend,
    IOptions<RoutingOptions> routing,
    IOptionsMonitor<TelemetryOptions> telemetry,
    TimeProvider timeProvider) : AdminService.AdminServiceBase
{
    public override Task<GetUpstreamsResponse> GetUpstreams(GetUpstreamsRequest request, ServerCallContext context)
    {
        access.Demand(AuthenticatedUser.GetName(context));
        var response = new GetUpstreamsResponse
        {
            Time = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            WindowSeconds = (int)DeploymentWindow.Length.TotalSeconds,
        };
        foreach (var model in router.RoutedModels)
        {
            var shown = new UpstreamModel { Name = model.Name };
            shown.Fallbacks.AddRange(model.Chain.Skip(1).Select(static fallback => fallback.Name));
            shown.Deployments.AddRange(model.Deployments.Select(Describe));
            response.Models.Add(shown);
        }

        return Task.FromResult(response);
    }

    public override Task<ListRecentCallsResponse> ListRecentCalls(ListRecentCallsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        access.Demand(AuthenticatedUser.GetName(context));
        if (request.Limit < 0)
        {
            throw new ChatCompletionException(ChatErrorKind.BadRequest, "limit must be 0 (every call kept) or more.") { Param = "limit" };
        }

        var template = telemetry.CurrentValue.TraceUrlTemplate;
        var response = new ListRecentCallsResponse { Capacity = recentCalls.Capacity };
        var kept = recentCalls.NewestFirst();
        response.Users.AddRange(kept.Select(static call => call.User).Where(static user => user.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        response.Models.AddRange(kept.Select(static call => call.Model).Where(static model => model.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        response.Statuses.AddRange(kept.Select(static call => call.Status).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        foreach (var call in kept)
        {
            if ((request.User.Length > 0 && !string.Equals(call.User, request.User, StringComparison.Ordinal))
                || (request.Model.Length > 0 && !string.Equals(call.Model, request.Model, StringComparison.Ordinal))
                || (request.Status.Length > 0 && !string.Equals(call.Status, request.Status, StringComparison.Ordinal)))
            {
                continue;
            }

            response.Calls.Add(Describe(call, template));
            if (response.Calls.Count == (request.Limit > 0 ? request.Limit : int.MaxValue))
            {
                break;
            }
        }

        return Task.FromResult(response);
    }

    public override async Task<GetSpendResponse> GetSpend(GetSpendRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        access.Demand(AuthenticatedUser.GetName(context));

        // The range is read as the usage report reads it (same 422), defaulting to the 30 days up to today.
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var to = request.To.Length > 0 ? request.To : AdminSpendReport.Day(today);
        var from = request.From.Length > 0 ? request.From
            : DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last) ? AdminSpendReport.Day(last.AddDays(-(AdminSpendReport.ChartDays - 1))) : to;
        var problems = new List<ValidationProblem>();
        var query = UsageQueryReader.Read(new GetUsageRequest { From = from, To = to, GroupBy = "user" }, problems);
        if (query is null)
        {
            throw ChatCompletionException.Invalid(problems);
        }

        return await spend.ReadAsync(query.From, query.To, context.CancellationToken);
    }

    private UpstreamDeployment Describe(Deployment deployment)
    {
        var figures = upstreams.Read(deployment);
        var slash = deployment.Label.IndexOf('/', StringComparison.Ordinal);
        var provider = slash < 0 ? string.Empty : deployment.Label[..slash];
        var shown = new UpstreamDeployment
        {
            Label = deployment.Label,
            Provider = provider,
            Kind = deployment.ProviderName,
            Weight = deployment.Weight,
            CircuitState = deployment.Breaker.CircuitState switch
            {
                BreakerState.Closed => V1.CircuitState.Closed,
                BreakerState.Open => V1.CircuitState.Open,
                BreakerState.HalfOpen => V1.CircuitState.HalfOpen,
                BreakerState.Isolated => V1.CircuitState.Isolated,
                _ => V1.CircuitState.Unspecified,
            },
            Calls = figures.Calls,
            Errors = figures.Errors,
            RateLimited = figures.RateLimited,
        };

        // While open, no attempt is made: the last failure is the one that opened it, and the break runs from there.
        if (shown.CircuitState == V1.CircuitState.Open && figures.LastFailure is { } opened)
        {
            shown.OpenUntil = Timestamp.FromDateTimeOffset(opened + routing.Value.Resilience.BreakerBreakDuration);
        }

        foreach (var (kind, count) in figures.ErrorsByKind)
        {
            shown.ErrorsByKind.Add(new ErrorCount { Kind = ChatErrors.Describe(kind).OutcomeTag, Count = count });
        }

        SetIfKnown(figures.LatencyP50, value => shown.LatencyP50Ms = value);
        SetIfKnown(figures.LatencyP95, value => shown.LatencyP95Ms = value);
        SetIfKnown(figures.FirstChunkP50, value => shown.FirstChunkP50Ms = value);
        SetIfKnown(figures.FirstChunkP95, value => shown.FirstChunkP95Ms = value);
        if (deployment.Limiter is { } limiter && routing.Value.Providers.TryGetValue(provider, out var options) && options.MaxConcurrentCalls is { } permits)
        {
            var statistics = limiter.GetStatistics();
            shown.MaxConcurrentCalls = permits;
            shown.QueueLength = options.QueueLength;
            shown.InFlight = permits - (int)(statistics?.CurrentAvailablePermits ?? permits);
            shown.Queued = (int)(statistics?.CurrentQueuedCount ?? 0);
        }

        return shown;
    }

    private static RecentCall Describe(RecentCallEntry call, string? traceUrlTemplate)
    {
        var shown = new RecentCall
        {
            Time = Timestamp.FromDateTimeOffset(call.Time),
            RequestId = call.RequestId,
            User = call.User,
            KeyName = call.KeyName,
            Model = call.Model,
            Deployment = call.Deployment,
            Status = call.Status,
            Transport = call.Transport,
            Stream = call.Stream,
            DurationMs = call.DurationMs,
            TraceId = call.TraceId,
        };
        shown.FailedDeployments.AddRange(call.FailedDeployments);
        if (call.PromptTokens is { } prompt)
        {
            shown.PromptTokens = prompt;
        }

        if (call.CompletionTokens is { } completion)
        {
            shown.CompletionTokens = completion;
        }

        if (call.CostUsd is { } cost)
        {
            shown.CostUsd = cost;
        }

        if (!string.IsNullOrEmpty(traceUrlTemplate) && call.TraceId.Length > 0)
        {
            shown.TraceUrl = traceUrlTemplate.Replace("{traceId}", call.TraceId, StringComparison.Ordinal);
        }

        return shown;
    }

    private static void SetIfKnown(double? value, Action<double> set)
    {
        if (value is { } known)
        {
            set(known);
        }
    }
}
