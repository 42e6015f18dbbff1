using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// A flood of refused calls writes a few lines per kind and interval, then one summary line with the count of what
/// was left out; calls that succeed keep their line each.
/// </summary>
public sealed class LogFloodTests(LogFloodTests.FloodGuardedServer server) : IClassFixture<LogFloodTests.FloodGuardedServer>
{
    private const int Flood = 300;

    public sealed class FloodGuardedServer : ChatGrpcServerFixture
    {
        public FakeLogCollector Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["ChatGrpc:Logging:RecordsPerInterval"] = "10",
            ["ChatGrpc:Logging:Interval"] = "00:00:30",
        };

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }

    [Fact]
    public async Task FloodOfRefusedCalls_WritesTenLinesOfTheKind_ThenOneSummary_WhileSuccessesKeepTheirLines()
    {
        using var client = server.CreateHttpClient();
        var before = server.Logs.GetSnapshot().Count;
        for (var i = 0; i < Flood; i++)
        {
            using var refused = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        for (var i = 0; i < 20; i++)
        {
            using var served = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        await Task.Delay(500);
        await server.DisposeAsync(); // the summary of the interval in progress is written on the way out
        var lines = server.Logs.GetSnapshot().Skip(before).ToList();
        string? OutcomeOf(FakeLogRecord line) => line.StructuredState?.FirstOrDefault(static p => p.Key == "Outcome").Value;

        Assert.Equal(10, lines.Count(line => line.Id.Name == "CallEnded" && OutcomeOf(line) == "not_found"));
        Assert.Equal(20, lines.Count(line => line.Id.Name == "CallEnded" && OutcomeOf(line) == "ok"));
        var summary = Assert.Single(lines, static line => line.Id.Name == "LogRecordsSuppressed");
        Assert.Contains($"Left out {Flood - 10} log records", summary.Message, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc.Server.Telemetry.CallTelemetryMiddleware[10] not_found", summary.Message, StringComparison.Ordinal);
        Assert.True(lines.Sum(static line => line.Message.Length) < 16 * 1024, $"{lines.Sum(static line => line.Message.Length)} characters logged");
    }
}
