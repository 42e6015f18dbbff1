using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Metrics;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>
/// What an operator sees of each call: the GenAI span and metrics, recorded once in the pipeline for both transports;
/// the request id and the gateway's own overhead on every answer; one log line per call; the Prometheus endpoint.
/// </summary>
public sealed class TelemetryTests(TelemetryServerFixture server) : IClassFixture<TelemetryServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";

    private static StringContent Body(string model = "chatgrpc-dev", bool stream = false) =>
        new($$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");

    private static CreateChatCompletionRequest GrpcRequest(string model = "chatgrpc-dev")
    {
        var request = new CreateChatCompletionRequest { Model = model };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        return request;
    }

    private async Task<Activity> SpanOfAsync(string requestId)
    {
        // The exporter adds a span when the call's work ends, which can be a moment after the client has its answer;
        // it adds without a lock, so the list is copied (never enumerated) once the span is in it.
        await server.SpanExportedAsync(requestId).WaitAsync(TimeSpan.FromSeconds(5));
        return Assert.Single(server.Spans.ToArray(), span => span.Source.Name == "ChatGrpc" && (string?)span.GetTagItem("chatgrpc.request_id") == requestId);
    }

    private static double OverheadOf(HttpResponseMessage response) =>
        double.Parse(response.Headers.GetValues("x-chatgrpc-overhead-ms").Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task RestUnary_HasASpanWithTheGenAiAttributes_AndItsIdAndOverheadInTheHeaders()
    {
        using var client = server.CreateHttpClient();
        var stopwatch = Stopwatch.StartNew();

        using var response = await client.PostAsync(Path, Body());
        var elapsed = stopwatch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var overhead = OverheadOf(response);
        Assert.InRange(overhead, 0.001, elapsed.TotalMilliseconds);
        var span = await SpanOfAsync(requestId);
        Assert.Equal("chat chatgrpc-dev", span.DisplayName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("chatgrpc-dev", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("chatgrpc-dev", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(ChatGrpcServerFixture.UserName, span.GetTagItem("chatgrpc.user"));
        Assert.True((long)span.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        Assert.True((long)span.GetTagItem("gen_ai.usage.output_tokens")! > 0);
        Assert.Equal(["stop"], (string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task GrpcStream_HasTheSameSpan_AndTheHeadersAsResponseMetadata_WithTheCallersRequestId()
    {
        var metadata = new Metadata { { "x-request-id", "caller-chose-this-id" } };
        using var call = server.CreateChatClient().StreamChatCompletion(GrpcRequest(), metadata);

        var headers = await call.ResponseHeadersAsync;
        await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal("caller-chose-this-id", headers.GetValue("x-request-id"));
        Assert.True(double.Parse(headers.GetValue("x-chatgrpc-overhead-ms")!, CultureInfo.InvariantCulture) > 0);
        var span = await SpanOfAsync("caller-chose-this-id");
        Assert.Equal("grpc", span.GetTagItem("chatgrpc.transport"));
        Assert.Equal(["stop"], (string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
    }

    [Fact]
    public async Task FailedCall_HasAnErrorSpan_AndItsIdInTheErrorBody_AndTheOverheadHeader()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsync(Path, Body(FailingServerFixture.FailsAtOnce));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        Assert.True(OverheadOf(response) > 0);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(requestId, (string?)body["error"]!["request_id"]);
        var span = await SpanOfAsync(requestId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("upstream_failed", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task CallerRequestIds_AreKeptWhenSafe_AndReplacedOtherwise()
    {
        using var client = server.CreateHttpClient();
        using var safe = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Body() };
        safe.Headers.Add("x-request-id", "trace-123_abc");
        using var hostile = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Body() };
        hostile.Headers.TryAddWithoutValidation("x-request-id", new string('x', 500));

        using var kept = await client.SendAsync(safe);
        using var replaced = await client.SendAsync(hostile);

        Assert.Equal("trace-123_abc", kept.Headers.GetValues("x-request-id").Single());
        var generated = replaced.Headers.GetValues("x-request-id").Single();
        Assert.InRange(generated.Length, 8, 64);
        Assert.DoesNotContain("xxxxxxxx", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traceparent_FromTheCaller_IsTheSpansParentTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        // The server's HttpClient instrumentation listens in this process too: this client must not put its own trace
        // context over the caller's.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = server.RestAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization());
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Body() };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(traceId, (await SpanOfAsync(response.Headers.GetValues("x-request-id").Single())).TraceId);
    }

    [Fact]
    public async Task EachCall_WritesOneInformationLineWithItsFacts()
    {
        using var client = server.CreateHttpClient();

        using var response = await client.PostAsync(Path, Body());
        var requestId = response.Headers.GetValues("x-request-id").Single();

        var line = await CallEndedAsync(requestId);
        var facts = line.StructuredState!.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal(ChatGrpcServerFixture.UserName, facts["User"]);
        Assert.Equal("chatgrpc-dev", facts["Model"]);
        Assert.Equal("ok", facts["Outcome"]);
        Assert.Equal("Rest", facts["Transport"]);
        Assert.True(long.Parse(facts["OutputTokens"]!, CultureInfo.InvariantCulture) > 0);
        Assert.DoesNotContain("hi", line.Message.Split(' '), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountTokensByUserModelAndType_AndRequestsByOutcome()
    {
        using var client = server.CreateHttpClient();
        using (var response = await client.PostAsync(Path, Body()))
        {
            await CallEndedAsync(response.Headers.GetValues("x-request-id").Single());
        }

        server.FlushMetrics();

        // The exporter's own timer may export beside the flush: every snapshot of the instrument is read.
        List<Metric> snapshots;
        lock (server.Metrics)
        {
            snapshots = server.Metrics.Where(metric => metric.Name == "gen_ai.client.token.usage").ToList();
        }

        Assert.NotEmpty(snapshots);
        var types = new List<string>();
        foreach (var tokens in snapshots)
        {
            foreach (ref readonly var point in tokens.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                // The exporter listens to the meter by name, so servers of tests running beside this one report into it
                // too (some with no user on a point): only this user's points are this call's, and without the user tag
                // none would be found below.
                if (!tags.TryGetValue("chatgrpc.user", out var user) || !Equals(user, ChatGrpcServerFixture.UserName))
                {
                    continue;
                }

                types.Add((string)tags["gen_ai.token.type"]!);
                Assert.True(point.GetHistogramSum() > 0);
            }
        }

        Assert.Contains("input", types);
        Assert.Contains("output", types);
        Assert.Contains(server.Metrics, metric => metric.Name == "chatgrpc.requests");
        Assert.Contains(server.Metrics, metric => metric.Name == "gen_ai.client.operation.duration");
        Assert.Contains(server.Metrics, metric => metric.Name == "chatgrpc.gateway.overhead");
    }

    [Fact]
    public async Task PrometheusEndpoint_NeedsCredentials_AndShowsTheTokenCounts()
    {
        using (var call = server.CreateHttpClient())
        using (var response = await call.PostAsync(Path, Body()))
        {
            await CallEndedAsync(response.Headers.GetValues("x-request-id").Single());
        }

        using var anonymous = server.CreateHttpClient(authenticated: false);
        using var refused = await anonymous.GetAsync("metrics");
        using var client = server.CreateHttpClient();
        using var scraped = await client.GetAsync("metrics");
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        var tokenLine = text.Split('\n').First(line => line.StartsWith("gen_ai_client_token_usage_sum{", StringComparison.Ordinal) && line.Contains("gen_ai_token_type=\"output\"", StringComparison.Ordinal));
        Assert.True(double.Parse(tokenLine[(tokenLine.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) > 0, tokenLine);
        Assert.Contains("chatgrpc_requests_total", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The call's log line, which the gateway writes once the call has ended: an answer with a Content-Length is whole
    /// at the client a moment before that, so the line (and the call's metrics, counted with it) may follow the answer.
    /// </summary>
    private async Task<FakeLogRecord> CallEndedAsync(string requestId)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 5);
        while (true)
        {
            var lines = server.Logs.GetSnapshot().Where(record => record.Id.Name == "CallEnded" && record.StructuredState!.Any(pair => pair.Key == "RequestId" && pair.Value == requestId)).ToList();
            if (lines.Count > 0 || Stopwatch.GetTimestamp() > deadline)
            {
                return Assert.Single(lines);
            }

            await Task.Delay(10);
        }
    }
}
