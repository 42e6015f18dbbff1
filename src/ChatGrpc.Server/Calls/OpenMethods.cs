namespace ChatGrpc.Server.Calls;

/// <summary>
/// The gRPC methods anyone may call without credentials: the health service, which load balancers and orchestrators
/// probe. Authentication lets them through and the call log leaves them out, so both ask here.
/// </summary>
internal static class OpenMethods
{
    private const string HealthServicePrefix = "/grpc.health.v1.Health/";
    private const string HealthServiceName = "grpc.health.v1.Health";

    /// <summary>Whether <paramref name="method"/>, a full method name with or without its leading slash, is open.</summary>
    public static bool Contains(string method) =>
        method.StartsWith(HealthServicePrefix, StringComparison.Ordinal) || method.StartsWith(HealthServiceName + "/", StringComparison.Ordinal);
}
