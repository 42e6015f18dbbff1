using ChatGrpc.Server.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>A <see cref="ChatCompletionException"/> as a gRPC status, with <c>google.rpc</c> details where they help clients.</summary>
internal static class RpcErrors
{
    public static RpcException ToRpcException(ChatCompletionException exception)
    {
        var descriptor = ChatErrors.Describe(exception.Kind);
        var status = new Google.Rpc.Status { Code = (int)descriptor.GrpcStatus, Message = exception.Message };
        status.Details.Add(Any.Pack(new ErrorInfo
        {
            Reason = exception.Code ?? descriptor.OpenAiCode,
            Domain = "chatgrpc",
            Metadata = { ["type"] = descriptor.OpenAiType },
        }));
        if (exception.Param is { } param)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = param, Description = exception.Message } } }));
        }

        if (exception.Quota is { } quota)
        {
            status.Details.Add(Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = quota.Subject, Description = quota.Description } } }));
        }

        if (exception.RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        }

        return status.ToRpcException();
    }
}
