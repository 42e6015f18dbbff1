using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>Bodies over the configured limit (4 MiB) are refused before they are read, on both surfaces.</summary>
[Collection(SharedServer.Name)]
public sealed class RequestSizeTests(ChatGrpcServerFixture server)
{
    private static string BodyWithContentOf(int characters) =>
        $$"""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"{{new string('x', characters)}}"}]}""";

    [Fact]
    public async Task TenMegabyteBody_Is413WithDetail()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsync("api/v1/openai/chat/completions", new StringContent(BodyWithContentOf(10_000_000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.RequestTooLarge, "The request body is larger than the limit of 4194304 bytes."), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OversizedChunkedBody_Is413()
    {
        using var client = server.CreateHttpClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(BodyWithContentOf(5_000_000))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/openai/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task BodyJustUnderTheLimit_IsAnswered()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsync("api/v1/openai/chat/completions", new StringContent(BodyWithContentOf(4_000_000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OversizedGrpcMessage_IsResourceExhausted()
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = new string('x', 5_000_000) } } });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
