using System.ClientModel;
using System.ClientModel.Primitives;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace ChatGrpc.IntegrationTests.Relay;

/// <summary>
/// The OpenAI .NET SDK and Microsoft.Extensions.AI through the gateway: an upstream's refusals and 429s reach them
/// with their own status, and <c>GetResponseAsync&lt;T&gt;</c> (structured output) works on the built-in model.
/// </summary>
public sealed class DotNetSdkRelayTests(UpstreamServerFixture server) : IClassFixture<UpstreamServerFixture>
{
    [Theory]
    [InlineData("context", 400)]
    [InlineData("not-found", 404)]
    [InlineData("unprocessable", 422)]
    [InlineData("rate-limited-always", 429)]
    [InlineData("all-slow", 504)]
    public async Task UpstreamStatuses_ReachTheDotNetSdk(string model, int status)
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client(model).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task ExtensionsAiGetResponseOfT_GetsAnInstanceOfTheType()
    {
        IChatClient client = Client("chatgrpc-dev").AsIChatClient();

        var response = await client.GetResponseAsync<Forecast>("The forecast for Paris");

        Assert.Equal(new Forecast("string", 0, false), response.Result);
    }

    private ChatClient Client(string model)
    {
        var options = new OpenAIClientOptions { Endpoint = server.OpenAiBaseAddress, RetryPolicy = new ClientRetryPolicy(0) };
        options.AddPolicy(new BasicAuthorizationPolicy(ChatGrpcServerFixture.BasicAuthorization()), PipelinePosition.BeforeTransport);
        return new ChatClient(model, new ApiKeyCredential("replaced-by-basic-auth"), options);
    }

    /// <summary>What the structured output is read into.</summary>
    public sealed record Forecast(string City, int Days, bool Sunny);
}
