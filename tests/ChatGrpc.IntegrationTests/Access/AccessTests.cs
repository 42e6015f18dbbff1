using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>Which models a user may call and see (<c>ChatGrpc:Access:…:Models</c>), over REST and gRPC.</summary>
public sealed class AccessTests(AccessServerFixture server) : IClassFixture<AccessServerFixture>
{
    [Fact]
    public async Task RestCall_ToAModelTheUserMayNotUse_Is403NamingTheModel_BeforeAnyUpstream()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsJsonAsync("api/v1/openai/chat/completions", Body(AccessServerFixture.OtherModel));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonAssert.Equal(
            ErrorBody.Json(ChatErrorKind.PermissionDenied, "The user 'tester' may not use the model 'other-model'.", param: "model", code: "model_not_allowed"),
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrpcCall_ToAModelTheUserMayNotUse_IsPermissionDenied()
    {
        var client = server.CreateChatClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateChatCompletionAsync(Request(AccessServerFixture.OtherModel)).ResponseAsync);
        var stream = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.StreamChatCompletion(Request(AccessServerFixture.OtherModel));
            await call.ResponseStream.MoveNext();
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'other-model'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("model_not_allowed", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(StatusCode.PermissionDenied, stream.StatusCode);
    }

    [Fact]
    public async Task UserWithEveryModel_CallsPastTheAccessCheck()
    {
        using var client = server.CreateHttpClient("alice");

        using var allowed = await client.PostAsJsonAsync("api/v1/openai/chat/completions", Body("chatgrpc-dev"));
        using var other = await client.PostAsJsonAsync("api/v1/openai/chat/completions", Body(AccessServerFixture.OtherModel));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        // Allowed, so it reached routing: the upstream on port 9 is down.
        Assert.Equal(HttpStatusCode.BadGateway, other.StatusCode);
    }

    [Fact]
    public async Task ModelLists_ShowOnlyWhatTheCallerMayUse()
    {
        using var tester = server.CreateHttpClient();
        using var alice = server.CreateHttpClient("alice");

        var testerModels = await ModelIdsAsync(tester);
        var aliceModels = await ModelIdsAsync(alice);
        var grpcModels = (await server.CreateChatClient().ListModelsAsync(new ListModelsRequest())).Data.Select(model => model.Id);
        using var hidden = await tester.GetAsync("api/v1/openai/models/" + AccessServerFixture.OtherModel);

        Assert.Equal(["chatgrpc-dev"], testerModels);
        Assert.Equal(["chatgrpc-dev", AccessServerFixture.OtherModel], aliceModels.Order(StringComparer.Ordinal));
        Assert.Equal(["chatgrpc-dev"], grpcModels);
        Assert.Equal(HttpStatusCode.Forbidden, hidden.StatusCode);
    }

    private static async Task<string[]> ModelIdsAsync(HttpClient client)
    {
        var body = JsonNode.Parse(await client.GetStringAsync("api/v1/openai/models"))!;
        return [.. body["data"]!.AsArray().Select(model => (string)model!["id"]!)];
    }

    internal static object Body(string model, int? maxCompletionTokens = null, bool stream = false) => maxCompletionTokens is { } max
        ? new { model, messages = new[] { new { role = "user", content = "hello there" } }, max_completion_tokens = max, stream }
        : new { model, messages = new[] { new { role = "user", content = "hello there" } }, stream };

    internal static CreateChatCompletionRequest Request(string model) => new()
    {
        Model = model,
        Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hello there" } } } },
    };
}
