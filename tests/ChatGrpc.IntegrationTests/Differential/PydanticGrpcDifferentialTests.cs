using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;
using Google.Rpc;
using Grpc.Core;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>
/// The generated invalid bodies that a proto request can carry (the JSON reader finds nothing wrong: the problems
/// are chat.proto's rules), sent over gRPC as the reader makes them: INVALID_ARGUMENT whose BadRequest field
/// violations are Pydantic's entries (field: the dotted loc, reason: the type, description: the msg), in order.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class PydanticGrpcDifferentialTests(ChatGrpcServerFixture server, ITestOutputHelper output)
{
    private const int BodyCount = 12_000;
    private const int Seed = 20_261_127;
    private const int Workers = 8;

    [PydanticFact]
    public async Task GeneratedBodiesOnlyTheRulesRefuse_GetPydanticsEntriesOverGrpc()
    {
        var answers = await PydanticOracle.GenerateAsync(BodyCount, Seed);
        var cases = answers
            .Where(static answer => answer.Status == 422 && answer.Deliberate.Count == 0)
            .Select(static answer => (Answer: answer, Request: ReadCleanly(answer.Body)))
            .Where(static c => c.Request is not null && !HasExplicitEmptyFunctions(c.Answer.Body))
            .ToList();

        var differences = new string?[cases.Count];
        var client = server.CreateChatClient();
        await Parallel.ForAsync(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, _) =>
        {
            differences[i] = await FindDifferenceAsync(client, cases[i].Request!, cases[i].Answer.Detail!.Value);
        });

        var disagreements = cases.Zip(differences).Where(static c => c.Second is not null).Select(static c => $"{c.Second}\nbody: {c.First.Answer.Body}").ToList();
        var summary = string.Create(CultureInfo.InvariantCulture, $"{cases.Count} bodies only the rules refuse, sent over gRPC: {cases.Count - disagreements.Count} answered with Pydantic's entries");
        output.WriteLine(summary);
        Assert.True(cases.Count > BodyCount / 50, $"only {cases.Count} bodies reach the rules over gRPC");
        Assert.True(disagreements.Count == 0, $"{summary}. First disagreements:\n\n{string.Join("\n\n", disagreements.Take(20))}");
    }

    /// <summary>The request the server's own reader makes of a body, or null when the reader already refuses it.</summary>
    private static CreateChatCompletionRequest? ReadCleanly(string body)
    {
        using var read = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(body));
        return read.Problems.Count == 0 ? read.Request : null;
    }

    /// <summary>Proto3 cannot tell an explicitly empty list from an absent one: <c>"functions": []</c> is JSON-only.</summary>
    private static bool HasExplicitEmptyFunctions(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.EnumerateObject().Any(static p => p.NameEquals("functions") && p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0);
    }

    private static async Task<string?> FindDifferenceAsync(ChatService.ChatServiceClient client, CreateChatCompletionRequest request, JsonElement detail)
    {
        try
        {
            if (request.Stream)
            {
                using var call = client.StreamChatCompletion(request);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                await client.CreateChatCompletionAsync(request);
            }

            return "the call succeeded";
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
        {
            var actual = string.Join('\n', error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(static v => $"{v.Field} | {v.Reason} | {v.Description}"));
            var expected = string.Join('\n', detail.EnumerateArray().Select(static entry =>
                $"{DottedLocation(entry.GetProperty("loc"))} | {entry.GetProperty("type").GetString()} | {entry.GetProperty("msg").GetString()}"));
            return actual == expected ? null : $"expected:\n{expected}\nactual:\n{actual}";
        }
        catch (RpcException error)
        {
            return $"{error.StatusCode}: {error.Status.Detail}";
        }
    }

    private static string DottedLocation(JsonElement location) =>
        string.Join('.', location.EnumerateArray().Select(static segment => segment.ValueKind == JsonValueKind.Number ? segment.GetRawText() : segment.GetString()));
}
