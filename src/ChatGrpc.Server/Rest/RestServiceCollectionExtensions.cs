using ChatGrpc.Server.Configuration;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Rest;

/// <summary>Registration of the REST adapter and of the request body limits both transports share.</summary>
internal static class RestServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:RequestBody</c> (validated at start-up), which limits REST bodies and gRPC messages alike, and
    /// registers the handler of <c>POST /v1/chat/completions</c>. The body middleware is added by the composition root.
    /// </summary>
    public static IServiceCollection AddRestAdapter(this IServiceCollection services)
    {
        services.AddValidatedOptions<RequestBodyOptions, RequestBodyOptionsValidator>(RequestBodyOptions.SectionName);
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestBodyOptions>>(static (grpc, body) => grpc.MaxReceiveMessageSize = body.Value.MaxBytes);
        services.AddSingleton<OpenAiChatHandler>();
        return services;
    }
}
