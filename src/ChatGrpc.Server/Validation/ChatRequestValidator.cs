using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Validation;

/// <summary>Checks a request against the buf.validate rules of chat.proto. (Stub: being written.)</summary>
public sealed class ChatRequestValidator
{
    /// <param name="source">The JSON the request was read from, to quote offending values as sent; null for gRPC.</param>
    public void Validate(CreateChatCompletionRequest request, JsonElement? source, List<ValidationProblem> problems)
    {
    }

    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT with the problems as field violations.</exception>
    public void ThrowIfInvalid(CreateChatCompletionRequest request)
    {
        var problems = new List<ValidationProblem>();
        Validate(request, null, problems);
        if (problems.Count > 0)
        {
            ValidationProblemOrder.Sort(problems);
            throw ValidationProblemStatus.ToRpcException(problems);
        }
    }
}
