using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>
/// With no exporter configured, the gateway makes no span and feeds no instrument, while every answer still carries its
/// request id and overhead. Listeners are process-wide: another test class's server with tracing or metrics on would
/// make this one's spans and instruments live too, so these tests run alone.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class SignalsOffTests(SignalsOffServerFixture server) : IClassFixture<SignalsOffServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";

    [Fact]
    public async Task TracingOff_NoChatGrpcActivityIsStarted_ForRestOrGrpc_AndTheHeadersRemain()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        var seen = new ConcurrentQueue<Activity>();
        // A listener that samples nothing makes no activity itself, yet is told of every activity that another
        // listener (a tracer provider) asked for: it sees exactly what the gateway's own tracing would create.
        using var observer = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(observer);

        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = server.RestAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization());
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", traceparent);
        using var response = await client.SendAsync(request);
        var grpcRequest = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        grpcRequest.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        using var call = server.CreateChatClient().StreamChatCompletion(grpcRequest, new Metadata { { "traceparent", traceparent } });
        var grpcHeaders = await call.ResponseHeadersAsync;
        await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(response.Headers.GetValues("x-request-id"));
        Assert.Single(response.Headers.GetValues(CallTelemetryMiddleware.OverheadHeader));
        Assert.NotNull(grpcHeaders.GetValue("x-request-id"));
        Assert.NotNull(grpcHeaders.GetValue(CallTelemetryMiddleware.OverheadHeader));
        Assert.DoesNotContain(seen, activity => activity.TraceId == traceId);
        Assert.Null(server.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task MetricsOff_NoGatewayInstrumentIsCollected_AndNothingIsServedAtMetrics()
    {
        using var client = server.CreateHttpClient();
        using (var response = await client.PostAsync(Path, new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var instruments = new ConcurrentQueue<Instrument>();
        var meterFactory = server.Services.GetRequiredService<IMeterFactory>();
        // Enabling nothing, this listener is only told which instruments exist; Enabled says whether anything else
        // (a meter provider) collects them.
        using (var observer = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == GatewayTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    instruments.Enqueue(instrument);
                }
            },
        })
        {
            observer.Start();
        }

        using var scrape = await client.GetAsync("metrics");

        Assert.Contains(instruments, instrument => instrument.Name == "gen_ai.client.operation.duration");
        Assert.Empty(instruments.Where(instrument => instrument.Enabled).Select(instrument => instrument.Name));
        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.Null(server.Services.GetService<MeterProvider>());
    }
}
