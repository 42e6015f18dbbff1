using System.Text;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Google.Api;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatGrpc.IntegrationTests.Grpc;

/// <summary>The REST surface's RPC called directly over gRPC, as reflection lists it: gRPC statuses, never HTTP answers.</summary>
[Collection(SharedServer.Name)]
public sealed class OpenAiCompatibleServiceTests(ChatGrpcServerFixture server)
{
    private OpenAiCompatibleService.OpenAiCompatibleServiceClient CreateClient() =>
        new(server.Channel.Intercept(headers =>
        {
            headers.Add("authorization", ChatGrpcServerFixture.BasicAuthorization());
            return headers;
        }));

    private static HttpBody Body(string json) => new() { ContentType = "application/json", Data = ByteString.CopyFrom(json, Encoding.UTF8) };

    [Fact]
    public async Task ValidBody_AnswersWithOneChatCompletionJsonMessage()
    {
        using var call = CreateClient().CreateChatCompletion(Body("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"over gRPC"}]}"""));

        var messages = await call.ResponseStream.ReadAllAsync().ToListAsync();

        var message = Assert.Single(messages);
        Assert.Equal("application/json", message.ContentType);
        var completion = JsonNode.Parse(message.Data.ToStringUtf8())!;
        Assert.Equal("chat.completion", (string?)completion["object"]);
    }

    [Fact]
    public async Task InvalidBody_IsInvalidArgumentWithTheSameViolations()
    {
        using var call = CreateClient().CreateChatCompletion(Body("""{"model":"chatgrpc-dev","messages":[]}"""));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("body.messages", "too_short"), (violation.Field, violation.Reason));
    }

    [Fact]
    public async Task UnknownModel_IsNotFound()
    {
        using var call = CreateClient().CreateChatCompletion(Body("""{"model":"nope","messages":[{"role":"user","content":"x"}]}"""));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
