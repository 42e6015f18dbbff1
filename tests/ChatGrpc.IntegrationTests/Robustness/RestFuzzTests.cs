using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Ten thousand hostile variants of valid requests, sent as REST bodies to the real server: every answer must be
/// one the spec documents (see <see cref="RestAnswerOracle"/>), never a 5xx, never a hang.
/// </summary>
public sealed class RestFuzzTests(ChatGrpcServerFixture server, ITestOutputHelper output) : IClassFixture<ChatGrpcServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";
    private const int Seed = 20_250_611;
    private const int Iterations = 10_000;
    private const int Workers = 4;

    [Fact]
    public async Task Seeds_AreValidRequests()
    {
        using var client = server.CreateHttpClient();

        foreach (var seed in FuzzSeeds.Json)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(seed);
            var (status, mediaType, answer) = await PostAsync(client, body, "application/json");

            Assert.True(status == HttpStatusCode.OK, $"{status} for a seed: {seed}\n{FuzzFailure.Printable(answer)}");
            Assert.Null(RestAnswerOracle.Check(body, sentAsJson: true, status, mediaType, answer));
        }
    }

    [Fact]
    public async Task MutatedRequests_GetOnlyDocumentedAnswers()
    {
        using var client = server.CreateHttpClient();
        client.Timeout = TimeSpan.FromSeconds(20);
        var statuses = new ConcurrentDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();

        var failures = await FuzzRun.RunAsync(Seed, Iterations, Workers, async (iteration, random) =>
        {
            var seed = JsonNode.Parse(FuzzSeeds.Json[random.Next(FuzzSeeds.Json.Count)])!;
            var body = new JsonMutator(random).Mutate(seed);
            var asJson = random.Next(100) >= 3;
            try
            {
                var (status, mediaType, answer) = await PostAsync(client, body, asJson ? "application/json" : "text/plain");
                statuses.AddOrUpdate((int)status, 1, static (_, count) => count + 1);
                return RestAnswerOracle.Check(body, asJson, status, mediaType, answer) is { } reason
                    ? new FuzzFailure(Seed, iteration, $"{reason}\nanswer {(int)status}: {FuzzFailure.Printable(answer, 2_000)}", Describe(body, asJson))
                    : null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return new FuzzFailure(Seed, iteration, $"no answer: {exception.GetType().Name}: {exception.Message}", Describe(body, asJson));
            }
        });

        output.WriteLine($"{Iterations} bodies in {stopwatch.Elapsed}; answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.True(failures.Count == 0, $"Wrong answers (replay with the seed and iteration):\n\n{string.Join("\n\n", failures)}");
        // The fuzzer is only worth its time if mutations reach both the reader's refusals and the model.
        Assert.True(statuses.GetValueOrDefault(200) > Iterations / 20, $"too few 200s: {statuses.GetValueOrDefault(200)}");
        Assert.True(statuses.GetValueOrDefault(422) > Iterations / 2, $"too few 422s: {statuses.GetValueOrDefault(422)}");
    }

    private static string Describe(byte[] body, bool asJson) => $"{(asJson ? "application/json" : "text/plain")} {FuzzFailure.Printable(body)}";

    private static async Task<(HttpStatusCode Status, string? MediaType, byte[] Answer)> PostAsync(HttpClient client, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(Path, content);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }
}
