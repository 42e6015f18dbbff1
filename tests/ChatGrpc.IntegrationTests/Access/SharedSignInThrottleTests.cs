using System.Net;
using System.Net.Http.Headers;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Auth.SignInThrottle;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// Two gateways sharing one Redis count failed sign-ins together: wrong passwords alternated between them lock the
/// address out on both after the shared count (four here), where each alone would have allowed four of its own.
/// </summary>
public sealed class SharedSignInThrottleTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Colleague = "colleague";
    private const string ColleaguePassword = "a colleague's own password";

    [Fact]
    public async Task WrongPasswordsAlternatedBetweenInstances_LockTheAddressOutOnBoth_AfterTheSharedCount()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Access:Store"] = "Redis",
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ChatGrpc:Access:RedisKeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["ChatGrpc:Auth:FailuresBeforeDelay"] = "2",
            ["ChatGrpc:Auth:FailuresBeforeLockout"] = "4",
            ["ChatGrpc:Auth:FailureDelay"] = "00:00:00.050",
            ["ChatGrpc:Auth:LockoutDuration"] = "00:01:00",
            [$"ChatGrpc:Auth:Users:{Colleague}"] = ChatGrpcServerFixture.HashOf(ColleaguePassword),
        };
        var gateways = new[] { new GatewayInstance(settings), new GatewayInstance(settings) };
        try
        {
            await Task.WhenAll(gateways.Select(gateway => gateway.InitializeAsync()));
            Assert.All(gateways, gateway => Assert.IsType<RedisFailedSignInThrottle>(gateway.Services.GetRequiredService<IFailedSignInThrottle>()));

            // The attacker, from 127.0.0.1, alternates between the instances.
            using var toFirst = gateways[0].CreateHttpClient(ChatGrpcServerFixture.UserName, "wrong password");
            using var toSecond = gateways[1].CreateHttpClient(ChatGrpcServerFixture.UserName, "wrong password");
            var attackers = new[] { toFirst, toSecond };
            var statuses = new List<HttpStatusCode>();
            var retryAfters = new List<TimeSpan?>();
            for (var attempt = 0; attempt < 6; attempt++)
            {
                using var response = await attackers[attempt % 2].GetAsync("api/v1/openai/models");
                statuses.Add(response.StatusCode);
                retryAfters.Add(response.Headers.RetryAfter?.Delta);
            }

            Assert.Equal(
                [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
                statuses);
            Assert.All(retryAfters[4..], retryAfter => Assert.InRange(retryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));

            // A colleague, from another address, signs in on either instance.
            foreach (var gateway in gateways)
            {
                using var colleague = CreateClientFrom(new IPAddress([127, 0, 2, 1]), gateway, Colleague, ColleaguePassword);
                using var response = await colleague.GetAsync("api/v1/openai/models");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await Task.WhenAll(gateways.Select(gateway => gateway.DisposeAsync()));
        }
    }

    private static HttpClient CreateClientFrom(IPAddress source, GatewayInstance gateway, string user, string password)
    {
        var handler = LoopbackSource.CreateHandler(source);
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = gateway.RestAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization(user, password));
        return client;
    }
}
