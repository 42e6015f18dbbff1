using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Calls;
using ChatGrpc.Tests.Grpc;
using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;
using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

/// <summary>
/// The interceptor as the host runs it, inside the error interceptor that renders its refusals (a gRPC status, or the
/// REST 401 written in full).
/// </summary>
public sealed class BasicAuthInterceptorTests : IDisposable
{
    private const string ChatMethod = "/chatgrpc.v1.ChatService/CreateChatCompletion";
    private const string Password = "alice-password";

    private static readonly string HashOfPassword = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash(Encoding.UTF8.GetBytes(Password)).Encode();
    private static readonly string Key = ApiKey.Create();

    private readonly CountingPasswordHasher _hasher = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger<BasicAuthInterceptor> _logger = new();
    private readonly BasicAuthInterceptor _interceptor;
    private readonly ErrorInterceptorFixture _errors = new();

    public BasicAuthInterceptorTests()
    {
        var options = new BasicAuthOptions { Realm = "Test realm" };
        options.Users["alice"] = HashOfPassword;
        options.ApiKeys["ci"] = new ApiKeyOptions { User = "alice", Hash = ApiKeyHash.Of(Key).Encode() };
        var wrapped = Options.Create(options);
        _interceptor = new BasicAuthInterceptor(new BasicAuthenticator(wrapped, _hasher, _time), wrapped, _logger);
    }

    public enum HandlerKind
    {
        Unary,
        ClientStreaming,
        ServerStreaming,
        DuplexStreaming,
    }

    public static TheoryData<HandlerKind> AllHandlerKinds => [.. Enum.GetValues<HandlerKind>()];

    public void Dispose() => _errors.Dispose();

    [Theory]
    [MemberData(nameof(AllHandlerKinds))]
    public async Task Grpc_NoCredentials_IsUnauthenticatedWithoutReachingTheService(HandlerKind kind)
    {
        var call = CreateGrpcCall(ChatMethod, authorization: null);

        var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(kind, call));

        Assert.Equal(new Status(StatusCode.Unauthenticated, "Not authenticated"), exception.Status);
        Assert.False(call.ContinuationCalled);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic not*base64")]
    [InlineData("Basic YWxpY2U=")] // no colon
    public async Task Grpc_MalformedCredentials_AreNotAuthenticated(string authorization)
    {
        var call = CreateGrpcCall(ChatMethod, authorization);

        var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(HandlerKind.Unary, call));

        Assert.Equal(new Status(StatusCode.Unauthenticated, "Not authenticated"), exception.Status);
        Assert.False(call.ContinuationCalled);
    }

    [Theory]
    [MemberData(nameof(AllHandlerKinds))]
    public async Task Grpc_WrongPassword_IsIncorrectWithoutReachingTheService(HandlerKind kind)
    {
        var call = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("alice", "wrong"));

        var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(kind, call));

        Assert.Equal(new Status(StatusCode.Unauthenticated, "Incorrect username or password"), exception.Status);
        Assert.False(call.ContinuationCalled);
    }

    [Fact]
    public async Task Grpc_UnknownUser_IsIncorrect()
    {
        var call = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("mallory", Password));

        var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(HandlerKind.Unary, call));

        Assert.Equal(new Status(StatusCode.Unauthenticated, "Incorrect username or password"), exception.Status);
    }

    [Theory]
    [MemberData(nameof(AllHandlerKinds))]
    public async Task Grpc_RightCredentials_ReachTheServiceAndRecordTheUser(HandlerKind kind)
    {
        var call = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("alice", Password));

        await InvokeAsync(kind, call);

        Assert.True(call.ContinuationCalled);
        Assert.Equal("alice", call.UserSeenByService);
        Assert.Equal("alice", AuthenticatedUser.GetName(call.Context));
        Assert.Equal("alice", AuthenticatedUser.GetName(call.Context.HttpContext));
    }

    [Theory]
    [MemberData(nameof(AllHandlerKinds))]
    public async Task Grpc_ApiKey_ReachesTheServiceAsItsUser_AndRecordsTheKeyName(HandlerKind kind)
    {
        var call = CreateGrpcCall(ChatMethod, "Bearer " + Key);

        await InvokeAsync(kind, call);

        Assert.True(call.ContinuationCalled);
        Assert.Equal("alice", call.UserSeenByService);
        Assert.Equal("ci", AuthenticatedUser.GetKeyName(call.Context));
        Assert.Equal("ci", AuthenticatedUser.GetKeyName(call.Context.HttpContext));
        Assert.Equal(0, _hasher.Verifications);
    }

    [Fact]
    public async Task Grpc_BasicCredentials_HaveNoKeyName()
    {
        var call = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("alice", Password));

        await InvokeAsync(HandlerKind.Unary, call);

        Assert.Equal("alice", AuthenticatedUser.GetName(call.Context));
        Assert.Null(AuthenticatedUser.GetKeyName(call.Context));
    }

    [Theory]
    [InlineData("Bearer sk-123")]
    [InlineData("Bearer cgk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Grpc_WrongApiKey_IsIncorrectWithoutReachingTheService(string authorization)
    {
        var call = CreateGrpcCall(ChatMethod, authorization);

        var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(HandlerKind.Unary, call));

        Assert.Equal(new Status(StatusCode.Unauthenticated, SignInRefusal.IncorrectApiKeyDetail), exception.Status);
        Assert.False(call.ContinuationCalled);
        var logged = Assert.Single(_logger.Messages);
        Assert.Contains("an API key that is not configured, removed or expired", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(authorization["Bearer ".Length..], logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_WrongApiKey_Answers401WithABearerChallenge()
    {
        var call = CreateRestCall("Bearer " + ApiKey.Create());

        await InvokeAsync(HandlerKind.Unary, call);

        var response = call.Context.HttpContext.Response;
        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"Test realm\", error=\"invalid_token\"", response.Headers.WWWAuthenticate.ToString());
        Assert.False(call.ContinuationCalled);
    }

    [Fact]
    public async Task Grpc_RepeatedRightCredentials_AreDerivedOnce()
    {
        var header = AuthTestCredentials.Basic("alice", Password);

        await InvokeAsync(HandlerKind.Unary, CreateGrpcCall(ChatMethod, header));
        await InvokeAsync(HandlerKind.ServerStreaming, CreateGrpcCall(ChatMethod, header));

        Assert.Equal(1, _hasher.Verifications);
    }

    [Fact]
    public async Task Grpc_ThrottledAddress_IsResourceExhaustedWithRetryInfo_AndOtherAddressesGetIn()
    {
        var options = new BasicAuthOptions { FailuresBeforeDelay = 3, FailuresBeforeLockout = 3 };
        options.Users["alice"] = HashOfPassword;
        var wrapped = Options.Create(options);
        using var authenticator = new BasicAuthenticator(wrapped, _hasher, _time);
        var interceptor = new BasicAuthInterceptor(authenticator, wrapped, _logger);
        var attacker = System.Net.IPAddress.Parse("203.0.113.7");

        for (var i = 0; i < 4; i++)
        {
            var call = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("alice", $"guess{i}"), attacker);
            var exception = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(interceptor, HandlerKind.Unary, call));
            if (i < 3)
            {
                Assert.Equal(new Status(StatusCode.Unauthenticated, "Incorrect username or password"), exception.Status);
            }
            else
            {
                Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
                Assert.Equal(SignInRefusal.ThrottledDetail, exception.Status.Detail);
                var retryInfo = exception.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>();
                Assert.True(retryInfo.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
            }
        }

        // Three derivations: the fourth guess was refused by the address's lockout, so the address reached the throttle.
        Assert.Equal(3, _hasher.Verifications);
        var realUser = CreateGrpcCall(ChatMethod, AuthTestCredentials.Basic("alice", Password), System.Net.IPAddress.Parse("198.51.100.20"));
        await InvokeAsync(interceptor, HandlerKind.Unary, realUser);
        Assert.Equal("alice", realUser.UserSeenByService);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.health.v1.Health/Watch")]
    public async Task HealthService_IsExempt(string method)
    {
        var call = CreateGrpcCall(method, authorization: null);

        await InvokeAsync(HandlerKind.Unary, call);

        Assert.True(call.ContinuationCalled);
        Assert.Null(call.UserSeenByService);
    }

    [Theory]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.health.v1.HealthX/Check")]
    [InlineData("/evil.grpc.health.v1.Health/Check")]
    public async Task ReflectionAndLookalikes_AreProtected(string method)
    {
        var call = CreateGrpcCall(method, authorization: null);

        await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(HandlerKind.DuplexStreaming, call));

        Assert.False(call.ContinuationCalled);
    }

    [Theory]
    [InlineData(HandlerKind.ServerStreaming, null, "Not authenticated")]
    [InlineData(HandlerKind.ServerStreaming, "Basic !!!!", "Not authenticated")]
    [InlineData(HandlerKind.ServerStreaming, "Basic YWxpY2U6d3Jvbmc=", "Incorrect username or password")]
    [InlineData(HandlerKind.Unary, null, "Not authenticated")]
    [InlineData(HandlerKind.Unary, "Basic YWxpY2U6d3Jvbmc=", "Incorrect username or password")]
    public async Task Rest_Refused_Answers401WithChallengeAndDetail(HandlerKind kind, string? authorization, string detail)
    {
        var call = CreateRestCall(authorization);

        await InvokeAsync(kind, call);

        var response = call.Context.HttpContext.Response;
        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"Test realm\"", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("application/json", response.ContentType);
        var expected = new JsonObject
        {
            ["detail"] = detail,
            ["error"] = new JsonObject { ["message"] = detail, ["type"] = "authentication_error", ["param"] = null, ["code"] = "unauthenticated" },
        };
        var actual = JsonNode.Parse(call.ResponseBody.ToArray())!;
        Assert.False(string.IsNullOrEmpty((string?)actual["error"]!["request_id"]));
        actual["error"]!.AsObject().Remove("request_id");
        Assert.True(JsonNode.DeepEquals(expected, actual), System.Text.Encoding.UTF8.GetString(call.ResponseBody.ToArray()));
        Assert.Equal(StatusCode.Unauthenticated, call.Context.Status.StatusCode);
        Assert.False(call.ContinuationCalled);
    }

    [Fact]
    public async Task Rest_AfterRefusal_LaterWritesAreDiscarded()
    {
        var call = CreateRestCall(authorization: null);
        await InvokeAsync(HandlerKind.Unary, call);
        var written = call.ResponseBody.ToArray();

        // What transcoding does next for a unary call whose status is not OK.
        await call.Context.HttpContext.Response.Body.WriteAsync("{\"code\":16}"u8.ToArray());

        Assert.Equal(written, call.ResponseBody.ToArray());
    }

    [Fact]
    public async Task Rest_RightCredentials_ReachTheService()
    {
        var call = CreateRestCall(AuthTestCredentials.Basic("alice", Password));

        await InvokeAsync(HandlerKind.ServerStreaming, call);

        Assert.True(call.ContinuationCalled);
        Assert.Equal("alice", call.UserSeenByService);
        Assert.Equal(0, call.ResponseBody.Length);
    }

    [Fact]
    public async Task Logs_NeverContainPasswordsHashesOrHeaders()
    {
        var headers = new[]
        {
            AuthTestCredentials.Basic("alice", "wrong-password-123"),
            AuthTestCredentials.Basic("mallory", "mallorys-password"),
            AuthTestCredentials.Basic("alice", Password),
            "Basic bm8tY29sb24tc2VjcmV0",
        };

        foreach (var header in headers)
        {
            try
            {
                await InvokeAsync(HandlerKind.Unary, CreateGrpcCall(ChatMethod, header));
            }
            catch (RpcException)
            {
            }
        }

        Assert.NotEmpty(_logger.Messages);
        var forbidden = new[] { "wrong-password-123", "mallorys-password", "mallory", Password, "no-colon-secret", HashOfPassword, "bm8tY29sb24tc2VjcmV0", "Basic " };
        foreach (var message in _logger.Messages)
        {
            foreach (var secret in forbidden.Concat(headers))
            {
                Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
            }
        }
    }

    private static RecordingCall CreateGrpcCall(string method, string? authorization, System.Net.IPAddress? clientAddress = null)
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Connection.RemoteIpAddress = clientAddress;
        if (authorization is not null)
        {
            httpContext.Request.Headers.Authorization = authorization;
        }

        var body = new MemoryStream();
        httpContext.Response.Body = body;
        return new RecordingCall(new FakeServerCallContext(method, httpContext), body);
    }

    private static RecordingCall CreateRestCall(string? authorization)
    {
        var call = CreateGrpcCall("/chatgrpc.v1.OpenAiCompatibleService/CreateChatCompletion", authorization);
        var httpContext = call.Context.HttpContext;
        var transcoding = new GrpcJsonTranscodingMetadata(
            OpenAiCompatibleService.Descriptor.Methods[0],
            new HttpRule { Post = "/api/v1/openai/chat/completions", Body = "*" });
        httpContext.SetEndpoint(new Microsoft.AspNetCore.Http.Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(transcoding), "REST"));
        return call;
    }

    private Task InvokeAsync(HandlerKind kind, RecordingCall call) => InvokeAsync(_interceptor, kind, call);

    /// <summary>Runs <paramref name="call"/> through the error interceptor, then <paramref name="interceptor"/>, as the host registers them.</summary>
    private async Task InvokeAsync(BasicAuthInterceptor interceptor, HandlerKind kind, RecordingCall call)
    {
        var context = call.Context;
        var errors = _errors.Interceptor;
        switch (kind)
        {
            case HandlerKind.Unary:
                await errors.UnaryServerHandler<string, string>("request", context, (request, c) => interceptor.UnaryServerHandler<string, string>(request, c, (_, c) => Task.FromResult(call.Record(c))));
                break;
            case HandlerKind.ClientStreaming:
                await errors.ClientStreamingServerHandler<string, string>(null!, context, (requests, c) => interceptor.ClientStreamingServerHandler<string, string>(requests, c, (_, c) => Task.FromResult(call.Record(c))));
                break;
            case HandlerKind.ServerStreaming:
                await errors.ServerStreamingServerHandler<string, string>("request", null!, context, (request, responses, c) => interceptor.ServerStreamingServerHandler<string, string>(request, responses, c, (_, _, c) => Task.FromResult(call.Record(c))));
                break;
            case HandlerKind.DuplexStreaming:
                await errors.DuplexStreamingServerHandler<string, string>(null!, null!, context, (requests, responses, c) => interceptor.DuplexStreamingServerHandler<string, string>(requests, responses, c, (_, _, c) => Task.FromResult(call.Record(c))));
                break;
        }
    }

    /// <summary>One call and what the service behind the interceptor saw of it.</summary>
    private sealed record RecordingCall(FakeServerCallContext Context, MemoryStream ResponseBody)
    {
        public bool ContinuationCalled { get; private set; }

        public string? UserSeenByService { get; private set; }

        public string Record(ServerCallContext context)
        {
            ContinuationCalled = true;
            UserSeenByService = AuthenticatedUser.GetName(context);
            return "response";
        }
    }
}
