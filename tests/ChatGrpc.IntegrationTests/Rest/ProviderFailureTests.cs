using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>A provider's failure reaches the client in the documented shape, before and after a stream has started.</summary>
public sealed class ProviderFailureTests(FailingServerFixture server) : IClassFixture<FailingServerFixture>
{
    private const string OpenAiError = """{"error":{"message":"The upstream stopped answering.","type":"api_error","param":null,"code":null}}""";

    private async Task<HttpResponseMessage> PostAsync(string model, bool stream)
    {
        using var client = server.CreateHttpClient();
        var body = $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""";
        return await client.PostAsync("api/v1/openai/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailureBeforeAnything_Is502WithOpenAisErrorObject(bool stream)
    {
        using var response = await PostAsync(FailingServerFixture.FailsAtOnce, stream);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        JsonAssert.Equal(OpenAiError, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailureMidStream_EndsWithAnErrorEventAndNoDone()
    {
        using var response = await PostAsync(FailingServerFixture.FailsMidStream, stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, events.Length);
        Assert.StartsWith("data: {\"id\":\"chatcmpl-failing\"", events[0], StringComparison.Ordinal);
        JsonAssert.Equal(OpenAiError, events[1]["data: ".Length..]);
    }

    [Fact]
    public async Task FailureMidGrpcStream_EndsTheCallUnavailableAfterTheFirstChunk()
    {
        var request = new CreateChatCompletionRequest { Model = FailingServerFixture.FailsMidStream };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        using var call = server.CreateChatClient().StreamChatCompletion(request);

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(FailingProvider.Message, error.Status.Detail);
    }
}
