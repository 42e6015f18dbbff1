using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// The gRPC form of a 422: <c>INVALID_ARGUMENT</c> whose details carry a <see cref="BadRequest"/> with
/// one field violation per problem (field: the dotted location, reason: Pydantic's type, description:
/// its message), so both transports report the same problems.
/// </summary>
public static class ValidationProblemStatus
{
    public const string Summary = "The request is not valid; see the field violations.";

    public static RpcException ToRpcException(IReadOnlyList<ValidationProblem> problems)
    {
        var badRequest = new BadRequest();
        foreach (var problem in problems)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = problem.DottedLocation,
                Description = problem.Message,
                Reason = problem.Type,
            });
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Summary,
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }
}
