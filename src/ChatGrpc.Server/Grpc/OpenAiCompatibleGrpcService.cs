using ChatGrpc.Server.Rest;
using ChatGrpc.V1;
using Google.Api;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// The REST surface, reached through JSON transcoding as an <see cref="HttpBody"/> RPC so that the body
/// arrives untouched and OpenAI's exact JSON can be read and written by <see cref="OpenAiChatHandler"/>.
/// </summary>
internal sealed class OpenAiCompatibleGrpcService(OpenAiChatHandler handler) : OpenAiCompatibleService.OpenAiCompatibleServiceBase
{
    public override Task CreateChatCompletion(HttpBody request, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context) =>
        handler.HandleAsync(request, responseStream, context);
}
