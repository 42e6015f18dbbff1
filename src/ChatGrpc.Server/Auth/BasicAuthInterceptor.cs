using Grpc.Core.Interceptors;

namespace ChatGrpc.Server.Auth;

/// <summary>HTTP Basic authentication for every call, gRPC and REST. (Stub: being written.)</summary>
public sealed class BasicAuthInterceptor : Interceptor
{
}
