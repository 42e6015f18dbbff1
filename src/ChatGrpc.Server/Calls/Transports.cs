using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace ChatGrpc.Server.Calls;

/// <summary>Tells which surface an HTTP request reached: transcoded REST routes carry transcoding's endpoint metadata.</summary>
internal static class Transports
{
    public static CallTransport Of(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null ? CallTransport.Grpc : CallTransport.Rest;
    }
}
