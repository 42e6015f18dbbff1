using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Rest;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>Ends a transcoded REST call with the gateway's own error body instead of transcoding's.</summary>
internal static class TranscodedAnswers
{
    /// <summary>
    /// Writes the error answer and completes the response. The call must still end with a status, after which
    /// transcoding writes an error body of its own; writing to a completed response would throw, so what follows is
    /// discarded instead.
    /// </summary>
    public static async Task EndWithErrorAsync(ServerCallContext context, ChatCompletionException failure)
    {
        await HttpErrorResponses.WriteErrorAsync(context.GetHttpContext().Response, failure);
        EndUnanswered(context, failure);
    }

    /// <summary>Ends a transcoded call with <paramref name="failure"/>'s status and nothing more written.</summary>
    public static void EndUnanswered(ServerCallContext context, ChatCompletionException failure)
    {
        context.GetHttpContext().Response.Body = Stream.Null;
        context.Status = new Status(ChatErrors.Describe(failure.Kind).GrpcStatus, failure.Message);
    }
}
