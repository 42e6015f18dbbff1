using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Relay;

/// <summary>A call without a model (listing models) is logged without empty model, deployment and token slots.</summary>
public sealed class CallLogTests(ObservedServerFixture server) : IClassFixture<ObservedServerFixture>
{
    [Fact]
    public async Task ListingModels_IsLoggedWithoutEmptyModelOrTokens()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(new Uri(server.OpenAiBaseAddress, "models"));
        var requestId = response.Headers.GetValues("x-request-id").Single();

        var line = await EventuallyAsync(() => server.Logs.GetSnapshot().FirstOrDefault(r => r.Message.StartsWith($"Call {requestId} ", StringComparison.Ordinal))?.Message);

        Assert.Matches($"^Call {requestId} over Rest by {ChatGrpcServerFixture.UserName}: ok \\(HTTP 200\\) in [0-9.]+ ms\\.$", line);
    }

    // The call's line is written as its response completes, which may be just after the client has read it.
    private static async Task<string> EventuallyAsync(Func<string?> find)
    {
        for (var i = 0; i < 100; i++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("The call was not logged within 5 s.");
    }
}
