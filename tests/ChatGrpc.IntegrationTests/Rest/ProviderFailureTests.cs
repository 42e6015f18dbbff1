using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>A provider's failure reaches the client in the documented shape, before and after a stream has started.</summary>
public sealed class ProviderFailureTests(FailingServerFixture server) : IClassFixture<FailingServerFixture>
{
    /// <summary>What routing says when every attempt failed: the attempts, each in the provider's own words (or an open circuit).</summary>
    private const string AllFailedPrefix = "No deployment of 'fails-at-once' answered. Tried: fails-at-once: ";
    private static readonly string InternalError = ErrorBody.Json(ChatErrorKind.Internal, ChatErrors.InternalMessage);

    private async Task<HttpResponseMessage> PostAsync(string model, bool stream)
    {
        using var client = server.CreateHttpClient();
        var body = $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""";
        return await client.PostAsync("api/v1/openai/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailureBeforeAnything_Is502WithBothErrorShapes(bool stream)
    {
        using var response = await PostAsync(FailingServerFixture.FailsAtOnce, stream);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        AssertAllDeploymentsFailed(await response.Content.ReadAsStringAsync());
    }

    private static void AssertAllDeploymentsFailed(string body)
    {
        var answer = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        var message = (string)answer["detail"]!;
        Assert.StartsWith(AllFailedPrefix, message, StringComparison.Ordinal);
        Assert.True(message.Contains(FailingProvider.Message, StringComparison.Ordinal) || message.Contains("circuit open", StringComparison.Ordinal), message);
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.UpstreamFailed, message), body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OrdinaryExceptionBeforeAnything_Is500WithoutItsText(bool stream)
    {
        using var response = await PostAsync(FailingServerFixture.CrashesAtOnce, stream);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        JsonAssert.Equal(InternalError, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(FailingServerFixture.FailsMidStream, nameof(ChatErrorKind.UpstreamFailed), FailingProvider.Message)]
    [InlineData(FailingServerFixture.CrashesMidStream, nameof(ChatErrorKind.Internal), ChatErrors.InternalMessage)]
    public async Task FailureMidStream_EndsWithAnErrorEventThenDone(string model, string kindName, string message)
    {
        var kind = Enum.Parse<ChatErrorKind>(kindName);
        using var response = await PostAsync(model, stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, events.Length);
        Assert.StartsWith("data: {\"id\":\"chatcmpl-failing\"", events[0], StringComparison.Ordinal);
        JsonAssert.Equal(ErrorBody.EventJson(kind, message), events[1]["data: ".Length..]);
        Assert.Equal("data: [DONE]", events[2].TrimEnd('\n'));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GrpcOrdinaryException_IsInternalWithoutItsText(bool stream)
    {
        var request = new CreateChatCompletionRequest { Model = FailingServerFixture.CrashesAtOnce };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        var client = server.CreateChatClient();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            if (stream)
            {
                using var call = client.StreamChatCompletion(request);
                await call.ResponseStream.MoveNext();
            }
            else
            {
                await client.CreateChatCompletionAsync(request);
            }
        });

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(ChatErrors.InternalMessage, error.Status.Detail);
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

    [Fact]
    public async Task OrdinaryExceptionMidGrpcStream_EndsTheCallInternalAfterTheFirstChunk()
    {
        var request = new CreateChatCompletionRequest { Model = FailingServerFixture.CrashesMidStream };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        using var call = server.CreateChatClient().StreamChatCompletion(request);

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(ChatErrors.InternalMessage, error.Status.Detail);
    }
}
