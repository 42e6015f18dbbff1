using System.Globalization;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Validation;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// The one writer of gRPC failures: a <see cref="ChatCompletionException"/> as the status its row of
/// <see cref="ChatErrors"/> names, with <c>google.rpc</c> details where they help clients (<c>ErrorInfo</c> with
/// OpenAI's type and code, <c>BadRequest</c> field violations, <c>QuotaFailure</c>, <c>RetryInfo</c>). Each answer is
/// recorded on the call's <see cref="CallRecord"/> as the kind it is. Its REST counterpart is
/// <c>Rest.RestErrorRenderer</c>.
/// </summary>
internal static class GrpcErrorRenderer
{
    // Validation details travel in a trailer, and HTTP/2 clients refuse header blocks over 64 KiB (Grpc.Net.Client
    // fails the call with UNAVAILABLE). Keep well inside that, whatever the request held.
    private const int MaxViolationBytes = 16 * 1024;
    private const int MaxViolationTextLength = 512;

    /// <summary>Records <paramref name="failure"/> on the call and returns the status to throw from the handler.</summary>
    public static RpcException Render(HttpContext httpContext, ChatCompletionException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        CallRecord.RecordFailure(httpContext, failure.Kind);
        return ToRpcException(failure);
    }

    /// <summary>
    /// Answers a gRPC call before grpc-dotnet runs it, as grpc-dotnet answers one itself: trailers-only (HTTP 200, the
    /// status and message in the headers), and completes the response.
    /// </summary>
    public static Task WriteTrailersOnlyAsync(HttpContext httpContext, ChatCompletionException failure)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(failure);
        CallRecord.RecordFailure(httpContext, failure.Kind);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)ChatErrors.Describe(failure.Kind).GrpcStatus).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(failure.Message);
        return response.CompleteAsync();
    }

    /// <summary>The status of <paramref name="failure"/>, with its details.</summary>
    public static RpcException ToRpcException(ChatCompletionException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var descriptor = ChatErrors.Describe(failure.Kind);
        if (failure.Problems is { } problems)
        {
            return ToRpcException(descriptor, failure.Message, problems);
        }

        var status = new Google.Rpc.Status { Code = (int)descriptor.GrpcStatus, Message = failure.Message };
        status.Details.Add(Any.Pack(new ErrorInfo
        {
            Reason = failure.Code ?? descriptor.OpenAiCode,
            Domain = "chatgrpc",
            Metadata = { ["type"] = descriptor.OpenAiType },
        }));
        if (failure.Param is { } param)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = param, Description = failure.Message } } }));
        }

        if (failure.Quota is { } quota)
        {
            status.Details.Add(Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = quota.Subject, Description = quota.Description } } }));
        }

        if (failure.RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        }

        return status.ToRpcException();
    }

    /// <summary>
    /// The gRPC form of a 422: the kind's status whose details carry one <see cref="BadRequest"/> with a field violation
    /// per problem (field: the dotted location, reason: Pydantic's type, description: its message), so both transports
    /// report the same problems, as many as fit in a trailer.
    /// </summary>
    private static RpcException ToRpcException(ChatErrorDescriptor descriptor, string message, IReadOnlyList<ValidationProblem> problems)
    {
        var badRequest = new BadRequest();
        var size = 0;
        var shown = 0;
        foreach (var problem in problems)
        {
            var violation = new BadRequest.Types.FieldViolation
            {
                Field = Shorten(problem.DottedLocation),
                Description = Shorten(problem.Message),
                Reason = problem.Type,
            };
            size += violation.CalculateSize() + 4;
            if (size > MaxViolationBytes)
            {
                break;
            }

            badRequest.FieldViolations.Add(violation);
            shown++;
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)descriptor.GrpcStatus,
            Message = shown == problems.Count ? message : $"{message} {problems.Count - shown} more are not shown.",
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    private static string Shorten(string text) => text.Length <= MaxViolationTextLength ? text : string.Concat(text.AsSpan(0, MaxViolationTextLength), "…");
}
