using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Validation;

/// <summary>
/// The cases of tests/ValidationCases that a proto request can express, sent over gRPC: INVALID_ARGUMENT whose
/// BadRequest field violations are the case's detail entries (field: the dotted loc, reason: the type,
/// description: the msg), in the same order.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class GrpcValidationCaseTests(ChatGrpcServerFixture server)
{
    public static TheoryData<string> Cases => [.. ValidationCase.Names().Where(static name => ValidationCase.Load(name).ToProtoRequest() is not null)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvalidRequest_IsInvalidArgumentWithTheCaseViolations(string name)
    {
        var validationCase = ValidationCase.Load(name);
        var request = validationCase.ToProtoRequest()!;

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(server.CreateChatClient(), request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(ExpectedViolations(validationCase), string.Join('\n', violations.Select(static v => $"{v.Field} | {v.Reason} | {v.Description}")));
    }

    /// <summary>The RPC a client would choose: the streaming one for a request that asks to stream.</summary>
    private static async Task CallAsync(ChatService.ChatServiceClient client, CreateChatCompletionRequest request)
    {
        if (request.Stream)
        {
            using var call = client.StreamChatCompletion(request);
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }
        else
        {
            await client.CreateChatCompletionAsync(request);
        }
    }

    private static string ExpectedViolations(ValidationCase validationCase) =>
        string.Join('\n', validationCase.Detail.EnumerateArray().Select(static entry =>
            $"{DottedLocation(entry.GetProperty("loc"))} | {entry.GetProperty("type").GetString()} | {entry.GetProperty("msg").GetString()}"));

    private static string DottedLocation(JsonElement location) =>
        string.Join('.', location.EnumerateArray().Select(static segment => segment.ValueKind == JsonValueKind.Number ? segment.GetRawText() : segment.GetString()));
}
