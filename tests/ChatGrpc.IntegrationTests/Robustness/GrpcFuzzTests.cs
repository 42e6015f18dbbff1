using System.Collections.Concurrent;
using System.Diagnostics;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Hostile variants of valid requests through <c>CreateChatCompletion</c> and <c>StreamChatCompletion</c>:
/// every call ends OK, INVALID_ARGUMENT with field violations, or NOT_FOUND; never another status, never a hang.
/// </summary>
public sealed class GrpcFuzzTests(ChatGrpcServerFixture server, ITestOutputHelper output) : IClassFixture<ChatGrpcServerFixture>
{
    private const int Seed = 20_250_612;
    private const int Iterations = 2_000;
    private const int Workers = 4;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public Task MutatedRequests_EndOkInvalidArgumentOrNotFound() => FuzzAsync(avoidKnownServerBugs: true);

    [Fact]
    public Task MutatedRequestsIncludingKnownServerBugs_EndOkInvalidArgumentOrNotFound() => FuzzAsync(avoidKnownServerBugs: false);

    private async Task FuzzAsync(bool avoidKnownServerBugs)
    {
        var seeds = FuzzSeeds.Json.Select(ReadSeed).ToArray();
        var client = server.CreateChatClient();
        var statuses = new ConcurrentDictionary<StatusCode, int>();
        var stopwatch = Stopwatch.StartNew();

        var failures = await FuzzRun.RunAsync(Seed, Iterations, Workers, async (iteration, random) =>
        {
            var request = new ProtoMutator(random, avoidKnownServerBugs).Mutate(seeds[random.Next(seeds.Length)]);
            var streaming = random.Next(2) == 0;
            var (status, problem) = await CallAsync(client, request, streaming);
            statuses.AddOrUpdate(status, 1, static (_, count) => count + 1);
            return problem is null ? null : new FuzzFailure(Seed, iteration, $"{(streaming ? "stream" : "unary")}: {problem}", Describe(request));
        });

        output.WriteLine($"{Iterations} calls in {stopwatch.Elapsed}; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.True(failures.Count == 0, $"Wrong answers (replay with the seed and iteration):\n\n{string.Join("\n\n", failures)}");
        Assert.True(statuses.GetValueOrDefault(StatusCode.OK) > Iterations / 20, $"too few OKs: {statuses.GetValueOrDefault(StatusCode.OK)}");
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > Iterations / 5, $"too few INVALID_ARGUMENTs: {statuses.GetValueOrDefault(StatusCode.InvalidArgument)}");
    }

    private static CreateChatCompletionRequest ReadSeed(string json)
    {
        using var read = OpenAiRequestReader.Read(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Empty(read.Problems);
        return read.Request;
    }

    /// <returns>The call's status, and what is wrong with the answer when something is.</returns>
    private static async Task<(StatusCode Status, string? Problem)> CallAsync(ChatService.ChatServiceClient client, CreateChatCompletionRequest request, bool streaming)
    {
        var deadline = DateTime.UtcNow + Guard;
        try
        {
            if (streaming)
            {
                using var call = client.StreamChatCompletion(request, deadline: deadline);
                var chunks = 0;
                while (await call.ResponseStream.MoveNext())
                {
                    chunks++;
                }

                return (StatusCode.OK, chunks == 0 ? "a stream without chunks" : null);
            }

            var completion = await client.CreateChatCompletionAsync(request, deadline: deadline);
            return (StatusCode.OK, completion.Choices.Count == 0 ? "a completion without choices" : null);
        }
        catch (RpcException exception)
        {
            return (exception.StatusCode, exception.StatusCode switch
            {
                StatusCode.InvalidArgument => CheckFieldViolations(exception),
                StatusCode.NotFound => null,
                StatusCode.ResourceExhausted when request.CalculateSize() > RestAnswerOracle.MaxBodyBytes => null,
                _ => $"{exception.StatusCode}: {exception.Status.Detail}",
            });
        }
    }

    private static string? CheckFieldViolations(RpcException exception)
    {
        var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is null || violations.Count == 0)
        {
            return $"INVALID_ARGUMENT without field violations: {exception.Status.Detail}";
        }

        var malformed = violations.FirstOrDefault(v => !(v.Field == "body" || v.Field.StartsWith("body.", StringComparison.Ordinal)) || v.Reason.Length == 0 || v.Description.Length == 0);
        return malformed is null ? null : $"a field violation not in Pydantic's terms: {malformed}";
    }

    private static string Describe(CreateChatCompletionRequest request)
    {
        string json;
        try
        {
            json = JsonFormatter.Default.Format(request);
        }
        catch (InvalidOperationException exception)
        {
            json = $"(not printable as JSON: {exception.Message})";
        }

        return $"{(json.Length > 4_000 ? json[..4_000] + "…" : json)}\nbase64: {Convert.ToBase64String(request.ToByteArray())}";
    }
}
