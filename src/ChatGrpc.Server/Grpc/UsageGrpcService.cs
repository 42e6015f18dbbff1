using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// <c>chatgrpc.v1.UsageService</c>, and through transcoding <c>GET /api/v1/usage</c>: reads the query, answers a 422
/// in FastAPI's shape (gRPC: <c>INVALID_ARGUMENT</c> with field violations) when it is not valid, else the report.
/// </summary>
internal sealed class UsageGrpcService(UsageReports reports, IAdminDirectory admins) : UsageService.UsageServiceBase
{
    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.GetHttpContext();
        var problems = new List<ValidationProblem>();
        var query = UsageQueryReader.Read(request, problems);
        if (query is null)
        {
            throw ChatCompletionException.Invalid(problems);
        }

        var caller = AuthenticatedUser.GetName(httpContext) ?? string.Empty;
        return await reports.GetAsync(caller, admins.IsAdmin(caller), query, context.CancellationToken);
    }
}
