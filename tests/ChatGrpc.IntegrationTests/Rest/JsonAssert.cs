using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>Compares whole JSON documents, so that a failure shows both.</summary>
internal static class JsonAssert
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> is <paramref name="expected"/>. A 422 expectation written as FastAPI's
    /// <c>{"detail": [...]}</c> alone stands for the whole answer: the OpenAI <c>error</c> object the gateway adds is
    /// derived from it (its first problem, and how many there are) and expected too.
    /// </summary>
    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        if (expectedNode is JsonObject { Count: 1 } onlyDetail && onlyDetail["detail"] is JsonArray problems)
        {
            onlyDetail["error"] = ValidationError(problems);
        }

        var actualNode = JsonNode.Parse(actual);
        IgnoreRequestId(expectedNode, actualNode);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual}");
    }

    /// <summary>
    /// Every error object carries the call's request id, new per call: where the expectation does not name one, the
    /// answer's must be there, and is then left out of the comparison (the telemetry tests check its value).
    /// </summary>
    private static void IgnoreRequestId(JsonNode? expected, JsonNode? actual)
    {
        if (actual is JsonObject { } answer && answer["error"] is JsonObject error && error.ContainsKey("request_id")
            && (expected as JsonObject)?["error"] is JsonObject expectedError && !expectedError.ContainsKey("request_id"))
        {
            Assert.False(string.IsNullOrEmpty((string?)error["request_id"]), "an error without a request id");
            error.Remove("request_id");
        }
    }

    /// <summary>The <c>error</c> object of a 422 answer whose <c>detail</c> is <paramref name="problems"/>.</summary>
    public static JsonObject ValidationError(JsonArray problems)
    {
        var first = problems[0]!;
        var location = first["loc"]!.AsArray().Skip(1).Select(segment => segment!.ToString()).ToList();
        var param = location.Count == 0 ? null : string.Join('.', location);
        var more = problems.Count switch
        {
            1 => string.Empty,
            2 => " (and 1 more problem)",
            _ => $" (and {problems.Count - 1} more problems)",
        };
        return new JsonObject
        {
            ["message"] = $"{param ?? "body"}: {(string)first["msg"]!}{more}",
            ["type"] = "invalid_request_error",
            ["param"] = param,
            ["code"] = (string)first["type"]!,
        };
    }
}
