using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Fidelity;

/// <summary>A provider is reached only by valid requests from known callers: never by an invalid one, never without the right credentials.</summary>
[Collection(RecordingServer.Name)]
public sealed class ProviderIsolationTests(RecordingServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";
    private const string ValidBody = """{"model":"recorder","messages":[{"role":"user","content":"hi"}]}""";

    [Theory]
    [InlineData("""{"model":"recorder","messages":[{"role":"user","content":"hi"}],"temperature":3}""")]
    [InlineData("""{"model":"recorder","messages":[{"role":"user","content":"hi"}],"stream":true,"top_logprobs":2}""")]
    [InlineData("""{"model":"recorder","messages":[]}""")]
    [InlineData("""{"model":"recorder","messages":[{"role":"user","content":"hi"}""")]
    [InlineData("""{"model":"recorder","messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}""")]
    public async Task InvalidRestRequest_Is422_AndNeverReachesTheProvider(string body)
    {
        server.Provider.Clear();

        using var response = await PostAsync(body, ChatGrpcServerFixture.BasicAuthorization());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(server.Provider.Received);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic !!!")]
    [InlineData("Bearer sk-abc")]
    public async Task RestRequestWithoutValidCredentials_Is401_AndNeverReachesTheProvider(string? authorization)
    {
        server.Provider.Clear();

        using var response = await PostAsync(ValidBody, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Provider.Received);
    }

    [Theory]
    [InlineData(ChatGrpcServerFixture.UserName, "wrong")]
    [InlineData("nobody", ChatGrpcServerFixture.Password)]
    public async Task RestRequestWithWrongCredentials_Is401_AndNeverReachesTheProvider(string userName, string password)
    {
        server.Provider.Clear();

        using var response = await PostAsync(ValidBody, ChatGrpcServerFixture.BasicAuthorization(userName, password));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Provider.Received);
    }

    [Fact]
    public async Task InvalidGrpcRequest_IsInvalidArgument_AndNeverReachesTheProvider()
    {
        server.Provider.Clear();
        var request = Request();
        request.Temperature = double.NaN;
        var client = server.CreateChatClient();

        var unary = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(request));
        using var call = client.StreamChatCompletion(request);
        var streamed = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (unary.StatusCode, streamed.StatusCode));
        Assert.Empty(server.Provider.Received);
    }

    [Theory]
    [InlineData(ChatGrpcServerFixture.UserName, "wrong")]
    [InlineData("nobody", ChatGrpcServerFixture.Password)]
    public async Task GrpcRequestWithWrongCredentials_IsUnauthenticated_AndNeverReachesTheProvider(string userName, string password)
    {
        server.Provider.Clear();
        var client = server.CreateChatClient(ChatGrpcServerFixture.BasicAuthorization(userName, password));

        var unary = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(Request()));
        using var call = client.StreamChatCompletion(Request());
        var streamed = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (unary.StatusCode, streamed.StatusCode));
        Assert.Empty(server.Provider.Received);
    }

    [Fact]
    public async Task GrpcRequestWithoutCredentials_IsUnauthenticated_AndNeverReachesTheProvider()
    {
        server.Provider.Clear();
        var client = new ChatService.ChatServiceClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateChatCompletionAsync(Request()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Empty(server.Provider.Received);
    }

    [Fact]
    public async Task ValidRequest_ReachesTheProviderOnce()
    {
        // The control for the tests above: the same request with the right credentials is recorded.
        server.Provider.Clear();

        using var response = await PostAsync(ValidBody, ChatGrpcServerFixture.BasicAuthorization());
        await server.CreateChatClient().CreateChatCompletionAsync(Request());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Request(), Request(stream: false)], server.Provider.Received);
    }

    private static CreateChatCompletionRequest Request(bool? stream = null)
    {
        var request = new CreateChatCompletionRequest { Model = RecordingServerFixture.Model };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        if (stream is { } value)
        {
            request.Stream = value;
        }

        return request;
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? authorization)
    {
        using var client = server.CreateHttpClient(authenticated: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request);
    }
}
