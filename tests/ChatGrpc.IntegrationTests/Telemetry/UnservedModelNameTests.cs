using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Telemetry;

/// <summary>
/// Any signed-in caller can send any model name: made-up names, however long and however many, never become a
/// metric series or a span attribute (they are labelled <c>other</c>) and are logged shortened and escaped, so
/// <c>/metrics</c> keeps answering and the log does not grow with the names.
/// </summary>
public sealed partial class UnservedModelNameTests(TelemetryServerFixture server) : IClassFixture<TelemetryServerFixture>
{
    private const int Calls = 20;

    private static string MadeUpName(int i) => $"made-up-{i}-" + new string('x', 256 * 1024) + "\n\"forged line";

    [Fact]
    public async Task ManyLongUnservedNames_AreLabelledOther_AndLoggedShortened_AndMetricsStillAnswer()
    {
        using var client = server.CreateHttpClient();
        var grpc = server.CreateChatClient();
        for (var i = 0; i < Calls; i++)
        {
            if (i % 2 == 0)
            {
                var body = new StringContent(
                    $$"""{"model":{{System.Text.Json.JsonSerializer.Serialize(MadeUpName(i))}},"messages":[{"role":"user","content":"hi"}]}""",
                    Encoding.UTF8,
                    "application/json");
                using var response = await client.PostAsync("api/v1/openai/chat/completions", body);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
            else
            {
                var request = new CreateChatCompletionRequest { Model = MadeUpName(i) };
                request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
                var error = await Assert.ThrowsAsync<RpcException>(async () => await grpc.CreateChatCompletionAsync(request));
                Assert.Equal(StatusCode.NotFound, error.StatusCode);
            }
        }

        using (var served = await client.PostAsync("api/v1/openai/chat/completions", new StringContent("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        // Metrics: the scrape answers, and its model labels are the served names and "other", nothing else.
        using var scrape = await client.GetAsync("metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.DoesNotContain("made-up", text, StringComparison.Ordinal);
        var labels = ModelLabel().Matches(text).Select(static m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        // Other servers of the test run share the meter's name, so their served names may show too: few, and short.
        Assert.Contains("other", labels);
        Assert.Contains("chatgrpc-dev", labels);
        Assert.True(labels.Count < 64, string.Join(", ", labels));
        Assert.All(labels, static label => Assert.True(label.Length <= 64, label));

        // Spans: the made-up names are "other" in the name and the attribute.
        var spans = server.Spans.ToArray().Where(static s => s.Source.Name == "ChatGrpc" && s.DisplayName.StartsWith("chat ", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(spans, static s => s.DisplayName.Contains("made-up", StringComparison.Ordinal) || ((string?)s.GetTagItem("gen_ai.request.model"))?.Contains("made-up", StringComparison.Ordinal) == true);
        Assert.Contains(spans, static s => s.DisplayName == "chat other" && (string?)s.GetTagItem("gen_ai.request.model") == "other");

        // Logs: each call's line names its model shortened to 256 characters, escaped, on one line.
        var logged = server.Logs.GetSnapshot()
            .Where(static r => r.Id.Id == 10 && r.StructuredState!.Any(static p => p.Key == "Model" && p.Value?.StartsWith("made-up-", StringComparison.Ordinal) == true))
            .Select(static r => (Model: r.StructuredState!.Single(static p => p.Key == "Model").Value!, r.Message))
            .ToList();
        Assert.Equal(Calls, logged.Count);
        Assert.All(logged, static line =>
        {
            Assert.Equal(256, line.Model.Length);
            Assert.EndsWith("xxx...", line.Model, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line.Message);
            Assert.True(line.Message.Length < 1024, $"{line.Message.Length} characters");
        });
    }

    [GeneratedRegex("gen_ai_request_model=\"([^\"]*)\"")]
    private static partial Regex ModelLabel();
}
