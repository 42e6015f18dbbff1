using System.Net;
using ChatGrpc.IntegrationTests.Infrastructure;
using Grpc.Health.V1;

namespace ChatGrpc.IntegrationTests.Hosting;

/// <summary>Liveness and readiness, over HTTP and the standard gRPC health service, without credentials.</summary>
[Collection(SharedServer.Name)]
public sealed class HealthTests(ChatGrpcServerFixture server)
{
    [Theory]
    [InlineData("healthz", "ok")]
    [InlineData("readyz", "Healthy")]
    public async Task HttpProbes_AnswerWithoutCredentials(string path, string body)
    {
        using var client = server.CreateHttpClient(authenticated: false);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("chatgrpc.v1.ChatService")]
    public async Task GrpcHealth_ReportsServingByNameWithoutCredentials(string service)
    {
        var client = new Health.HealthClient(server.Channel);

        var response = await client.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
