using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Validation;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>
/// The gateway's REST answers against real Pydantic v2's: tests/pydantic/ holds the request model written from the
/// spec, FastAPI's handling around it, and a generator of valid and invalid bodies. Every generated body is
/// POSTed to the real server; status and the whole <c>detail</c> must be Pydantic's, except where a deliberate
/// difference of tests/pydantic/deliberate_differences.json applies to the body.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class PydanticDifferentialTests(ChatGrpcServerFixture server, ITestOutputHelper output)
{
    private const string Path = "api/v1/openai/chat/completions";
    private const int BodyCount = 12_000;
    private const int Seed = 20_261_127;
    private const int Workers = 8;
    private const string DevelopmentModel = "chatgrpc-dev";

    [PydanticFact]
    public async Task GeneratedBodies_GetFastApisStatusAndWholeDetail()
    {
        var answers = await PydanticOracle.GenerateAsync(BodyCount, Seed);
        var deliberate = DeliberateDifference.LoadAll();
        AssertGeneratorCoversEveryOutcome(answers);

        var differences = new string?[answers.Count];
        using var client = server.CreateHttpClient();
        await Parallel.ForAsync(0, answers.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, cancellation) =>
        {
            differences[i] = await FindDifferenceAsync(client, answers[i], contentType: "application/json", cancellation);
        });

        var undocumented = new List<string>();
        var excused = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            foreach (var id in answers[i].Deliberate)
            {
                Assert.True(deliberate.ContainsKey(id), $"The oracle names '{id}', which deliberate_differences.json does not list.");
            }

            if (differences[i] is not { } difference)
            {
                continue;
            }

            if (answers[i].Deliberate.Count > 0)
            {
                foreach (var id in answers[i].Deliberate)
                {
                    excused[id] = excused.GetValueOrDefault(id) + 1;
                }
            }
            else
            {
                undocumented.Add($"#{i}: {difference}\nbody: {answers[i].Body}\nPydantic: {answers[i].Status} {Describe(answers[i].Detail)}");
            }
        }

        var agreed = differences.Count(static difference => difference is null);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{answers.Count} bodies (seed {Seed}): {agreed} answered as Pydantic does ({100.0 * agreed / answers.Count:F2}%), " +
            $"{answers.Count - agreed - undocumented.Count} deliberate differences ({string.Join(", ", excused.Select(static e => $"{e.Key}: {e.Value}"))}), " +
            $"{undocumented.Count} undocumented");
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CHATGRPC_DIFFERENTIAL_REPORT") is { Length: > 0 } reportPath)
        {
            await File.WriteAllTextAsync(reportPath, summary + "\n\n" + string.Join("\n\n", undocumented));
        }

        Assert.True(undocumented.Count == 0, $"{summary}. First disagreements:\n\n{string.Join("\n\n", undocumented.Take(20))}");
    }

    [PydanticFact]
    public async Task ValidationCases_AreWhatPydanticAnswers()
    {
        var cases = ValidationCase.Names().Select(ValidationCase.Load).ToList();
        var answers = await PydanticOracle.JudgeAsync(cases.Select(static c => (Encoding.UTF8.GetString(c.Body), c.ContentType)).ToList());

        var disagreements = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            if (answers[i].Deliberate.Count > 0)
            {
                continue;
            }

            if (answers[i].Status != 422 || answers[i].Detail is not { } detail)
            {
                disagreements.Add($"{cases[i].Name}: Pydantic answers {answers[i].Status}");
            }
            else if (JsonAsWritten.FindDifference(detail, cases[i].Detail) is { } difference)
            {
                disagreements.Add($"{cases[i].Name}: {difference}\nPydantic: {detail.GetRawText()}\ncase: {cases[i].Detail.GetRawText()}");
            }
        }

        Assert.True(disagreements.Count == 0, $"Cases whose detail is not Pydantic's:\n\n{string.Join("\n\n", disagreements)}");
    }

    /// <summary>A generator that produced only one kind of body would let the comparison pass without testing much.</summary>
    private static void AssertGeneratorCoversEveryOutcome(IReadOnlyList<PydanticAnswer> answers)
    {
        var valid = answers.Count(static a => a.Status == 200);
        var invalid = answers.Count(static a => a.Status == 422);
        var syntax = answers.Count(static a => a.Detail is { } detail && detail.EnumerateArray().Any(static e => e.GetProperty("type").GetString() == "json_invalid"));
        Assert.True(valid > answers.Count / 10, $"only {valid} valid bodies");
        Assert.True(invalid > answers.Count / 2, $"only {invalid} invalid bodies");
        Assert.True(syntax > answers.Count / 50, $"only {syntax} bodies that are not JSON");
    }

    private static async Task<string?> FindDifferenceAsync(HttpClient client, PydanticAnswer expected, string contentType, CancellationToken cancellation)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(expected.Body));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(Path, content, cancellation);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (expected.Status == 200 && status == 404 && ModelOf(expected.Body) != DevelopmentModel)
        {
            // Valid, and then routed: the oracle validates, the gateway also knows which models it serves.
            return null;
        }

        if (status != expected.Status)
        {
            return $"status {status}, expected {expected.Status}; answer: {Truncate(text)}";
        }

        if (expected.Detail is not { } detail)
        {
            return null;
        }

        using var actual = JsonDocument.Parse(text);
        return JsonAsWritten.FindDifference(detail, actual.RootElement.GetProperty("detail")) is { } difference
            ? $"{difference}\nserver: {Truncate(actual.RootElement.GetProperty("detail").GetRawText())}"
            : null;
    }

    /// <summary>The body's model, the last of repeated keys as Python's json keeps it.</summary>
    private static string? ModelOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        string? model = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("model"))
            {
                model = property.Value.GetString();
            }
        }

        return model;
    }

    private static string Describe(JsonElement? detail) => detail is { } element ? Truncate(element.GetRawText()) : "";

    private static string Truncate(string text) => text.Length <= 3_000 ? text : text[..3_000] + "…";
}
