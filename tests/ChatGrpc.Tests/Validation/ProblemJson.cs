using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Tests.Validation;

/// <summary>Renders problems as FastAPI's body and compares whole documents, so a failure shows both.</summary>
internal static class ProblemJson
{
    public static string Render(IReadOnlyList<ValidationProblem> problems)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ValidationProblemJson.WriteDetail(writer, problems);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void AssertDetail(string expectedDetailArray, IReadOnlyList<ValidationProblem> problems)
    {
        var expected = JsonNode.Parse($$"""{"detail": {{expectedDetailArray}}}""");
        var actual = JsonNode.Parse(Render(problems));
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Expected:\n{expected!.ToJsonString()}\nActual:\n{actual!.ToJsonString()}");
    }
}
