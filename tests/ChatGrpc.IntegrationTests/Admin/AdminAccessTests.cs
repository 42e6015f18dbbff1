using System.Net;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Admin;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>The page and its data need the same credentials as every call, and an admin's.</summary>
public sealed class AdminAccessTests(AdminServerFixture server) : IClassFixture<AdminServerFixture>
{
    public static TheoryData<string> Paths => ["/admin", "/admin/admin.js", "/admin/admin.css", "/api/v1/admin/upstreams", "/api/v1/admin/calls", "/api/v1/admin/spend"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WithoutCredentials_Returns401WithTheBrowsersBasicChallenge(string path)
    {
        using var client = server.CreateHttpClient(authenticated: false);
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"ChatGrpc\"", response.Headers.WwwAuthenticate.ToString());
        AssertErrorBody(ErrorBody.Json(ChatErrorKind.Unauthenticated, SignInRefusal.NotAuthenticatedDetail), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task WrongPassword_Returns401(string path)
    {
        using var client = server.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization(ChatGrpcServerFixture.UserName, "wrong"));
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertErrorBody(ErrorBody.Json(ChatErrorKind.Unauthenticated, SignInRefusal.IncorrectCredentialsDetail), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task NonAdmin_Returns403InTheDocumentedErrorShape(string path)
    {
        using var client = server.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization(AdminServerFixture.Viewer, AdminServerFixture.ViewerPassword));
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertErrorBody(ErrorBody.Json(ChatErrorKind.PermissionDenied, AdminAccess.NotAdminMessage), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NonAdmin_OverGrpc_GetsPermissionDenied()
    {
        var client = new AdminService.AdminServiceClient(server.Channel.Intercept(headers =>
        {
            headers.Add("authorization", ChatGrpcServerFixture.BasicAuthorization(AdminServerFixture.Viewer, AdminServerFixture.ViewerPassword));
            return headers;
        }));

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetUpstreamsAsync(new GetUpstreamsRequest()));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(AdminAccess.NotAdminMessage, refused.Status.Detail);
    }

    [Fact]
    public async Task Admin_GetsThePageWithItsOwnFilesOnly()
    {
        using var client = server.CreateHttpClient();
        using var response = await client.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // Nothing from elsewhere: every script and style is the gateway's own.
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("//cdn", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPageFile_Returns404()
    {
        using var client = server.CreateHttpClient();
        using var response = await client.GetAsync("/admin/secrets.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The whole body, but for the request id, which differs per call.</summary>
    private static void AssertErrorBody(string expected, string actual)
    {
        var body = JsonNode.Parse(actual)!.AsObject();
        body["error"]!.AsObject().Remove("request_id");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), body), $"expected {expected}, got {actual}");
    }
}
