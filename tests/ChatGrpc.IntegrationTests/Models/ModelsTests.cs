using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;
using Grpc.Core;
using OpenAI;
using OpenAI.Models;

namespace ChatGrpc.IntegrationTests.Models;

/// <summary>The models the gateway serves, in OpenAI's shapes over REST and as ListModels/GetModel over gRPC.</summary>
[Collection(SharedServer.Name)]
public sealed class ModelsTests(ChatGrpcServerFixture server)
{
    [Fact]
    public async Task RestList_IsOpenAisListShape()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.GetAsync("api/v1/openai/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("list", (string?)body["object"]);
        var model = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(["id", "object", "created", "owned_by"], model.AsObject().Select(property => property.Key));
        Assert.Equal("chatgrpc-dev", (string?)model["id"]);
        Assert.Equal("model", (string?)model["object"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, model["created"]!.GetValueKind());
        Assert.InRange((long)model["created"]!, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("chatgrpc", (string?)model["owned_by"]);
    }

    [Fact]
    public async Task RestRetrieve_AnswersTheModelOr404InBothErrorShapes()
    {
        using var client = server.CreateHttpClient();

        using var found = await client.GetAsync("api/v1/openai/models/chatgrpc-dev");
        using var missing = await client.GetAsync("api/v1/openai/models/org/some-model:8b");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("chatgrpc-dev", (string?)JsonNode.Parse(await found.Content.ReadAsStringAsync())!["id"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        JsonAssert.Equal(
            ErrorBody.Json(ChatErrorKind.NotFound, "The model 'org/some-model:8b' does not exist or is not served by this gateway. Served models: chatgrpc-dev.", param: "model"),
            await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RestModels_NeedCredentials()
    {
        using var client = server.CreateHttpClient(authenticated: false);

        using var response = await client.GetAsync("api/v1/openai/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonAssert.Equal(ErrorBody.Json(ChatErrorKind.Unauthenticated, "Not authenticated"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Grpc_ListAndGetModel()
    {
        var client = server.CreateChatClient();

        var list = await client.ListModelsAsync(new ListModelsRequest());
        var model = await client.GetModelAsync(new GetModelRequest { Model = "chatgrpc-dev" });
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetModelAsync(new GetModelRequest { Model = "nope" }).ResponseAsync);

        Assert.Equal("list", list.Object);
        Assert.Equal(model, Assert.Single(list.Data));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(NodeOpenAiSdk.Current)]
    [InlineData(NodeOpenAiSdk.Previous)]
    public async Task NodeSdk_ListsAndRetrieves(string package)
    {
        var result = await NodeOpenAiSdk.RunAsync(server, package, "models");

        Assert.Equal("chatgrpc-dev", (string?)Assert.Single(result["list"]!.AsArray())!["id"]);
        Assert.Equal("chatgrpc-dev", (string?)result["one"]!["id"]);
        Assert.Equal("chatgrpc", (string?)result["one"]!["owned_by"]);
    }

    [Fact]
    public async Task DotNetSdk_ListsAndRetrieves()
    {
        var options = new OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress, RetryPolicy = new ClientRetryPolicy(0) };
        options.AddPolicy(new BasicAuthorizationPolicy(ChatGrpcServerFixture.BasicAuthorization()), PipelinePosition.BeforeTransport);
        var client = new OpenAIModelClient(new ApiKeyCredential("replaced-by-basic-auth"), options);

        OpenAIModelCollection list = await client.GetModelsAsync();
        OpenAIModel one = await client.GetModelAsync("chatgrpc-dev");

        Assert.Equal("chatgrpc-dev", Assert.Single(list).Id);
        Assert.Equal("chatgrpc", one.OwnedBy);
    }
}
