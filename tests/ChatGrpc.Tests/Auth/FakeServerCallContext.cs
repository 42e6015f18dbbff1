using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Tests.Auth;

/// <summary>A <see cref="ServerCallContext"/> over a <see cref="DefaultHttpContext"/>, as ASP.NET Core hosts calls.</summary>
internal sealed class FakeServerCallContext : ServerCallContext
{
    // The key grpc-dotnet's GetHttpContext() falls back to for call contexts it did not create.
    private const string HttpContextKey = "__HttpContext";

    public FakeServerCallContext(string method, HttpContext httpContext)
    {
        MethodCore = method;
        HttpContext = httpContext;
        httpContext.Items[HttpContextKey] = httpContext;
    }

    public HttpContext HttpContext { get; }

    protected override string MethodCore { get; }

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:50000";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => HttpContext.Items!;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
