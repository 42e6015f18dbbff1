using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// The gRPC form of a 422: <c>INVALID_ARGUMENT</c> whose details carry a <see cref="BadRequest"/> with
/// one field violation per problem (field: the dotted location, reason: Pydantic's type, description:
/// its message), so both transports report the same problems.
/// </summary>
internal static class ValidationProblemStatus
{
    public const string Summary = "The request is not valid; see the field violations.";

    // The details travel in a trailer, and HTTP/2 clients refuse header blocks over 64 KiB (Grpc.Net.Client
    // fails the call with UNAVAILABLE). Keep well inside that, whatever the request held.
    private const int MaxDetailBytes = 16 * 1024;
    private const int MaxTextLength = 512;

    public static RpcException ToRpcException(IReadOnlyList<ValidationProblem> problems)
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
            if (size > MaxDetailBytes)
            {
                break;
            }

            badRequest.FieldViolations.Add(violation);
            shown++;
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = shown == problems.Count ? Summary : $"{Summary} {problems.Count - shown} more are not shown.",
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    private static string Shorten(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "…");
}
