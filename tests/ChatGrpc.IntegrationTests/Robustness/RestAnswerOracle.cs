using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Says whether an answer of the REST endpoint is one the spec documents for the body that was sent: 200 with a
/// <c>chat.completion</c> or an SSE stream ending with <c>data: [DONE]</c>, 422 in FastAPI's shape, 413 for a body
/// over the limit, 404 for an unknown model. A body that is not JSON must get <c>json_invalid</c> (or
/// <c>missing</c> when blank); whether a valid body asked for a stream decides which 200 it gets.
/// </summary>
internal static class RestAnswerOracle
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonDocumentOptions SameDepthAsTheServer = new() { MaxDepth = 64 };

    // An answer quotes inputs up to the server's depth inside its own nesting.
    private static readonly JsonDocumentOptions AnswerDepth = new() { MaxDepth = 256 };

    // errors.md's vocabulary, plus the strict mode's extra_forbidden.
    private static readonly HashSet<string> ProblemTypes =
    [
        "missing", "string_type", "int_type", "int_from_float", "int_parsing", "float_type", "float_parsing", "bool_type", "bool_parsing",
        "list_type", "dict_type", "model_attributes_type", "literal_error", "greater_than_equal", "less_than_equal", "too_short", "too_long",
        "string_too_short", "string_too_long", "string_pattern_mismatch", "union_tag_invalid", "union_tag_not_found", "json_invalid",
        "value_error", "extra_forbidden",
    ];

    private static readonly HashSet<string> ProblemKeys = ["type", "loc", "msg", "input", "ctx"];

    /// <returns>Null when the answer is a documented one; otherwise what is wrong with it.</returns>
    public static string? Check(byte[] sent, bool sentAsJson, HttpStatusCode status, string? mediaType, byte[] answer)
    {
        var kind = Classify(sent);
        var text = Encoding.UTF8.GetString(answer);
        try
        {
            return (int)status switch
            {
                200 when !sentAsJson || kind.Kind != BodyKind.Object => $"200 for a body the server cannot have read as a request ({kind.Kind}, sent as JSON: {sentAsJson})",
                200 when mediaType == "application/json" => kind.Stream == true ? "a chat.completion for a body with \"stream\": true" : CheckCompletion(text),
                200 when mediaType == "text/event-stream" => kind.Stream == false ? "an event stream for a body without \"stream\": true" : CheckEventStream(text),
                200 => $"200 with Content-Type {mediaType}",
                422 => CheckValidationProblems(text, sentAsJson, kind.Kind),
                413 when sent.Length > MaxBodyBytes => CheckDetail(text, "The request body is larger than the limit"),
                404 when sentAsJson && kind.Kind == BodyKind.Object => CheckDetail(text, "The model '"),
                _ => $"status {(int)status} {status}",
            };
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return $"status {(int)status} with a body that is not what it should be ({exception.Message})";
        }
    }

    private static string? CheckCompletion(string text)
    {
        using var document = JsonDocument.Parse(text, AnswerDepth);
        var root = document.RootElement;
        if (root.GetProperty("object").GetString() != "chat.completion")
        {
            return "200 JSON that is not a chat.completion";
        }

        return root.GetProperty("choices").GetArrayLength() == 0 || root.GetProperty("id").GetString() is not { Length: > 0 }
            ? "a chat.completion without choices or id"
            : null;
    }

    private static string? CheckEventStream(string text)
    {
        if (!text.EndsWith("data: [DONE]\n\n", StringComparison.Ordinal))
        {
            return "an event stream that does not end with data: [DONE]";
        }

        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var data in events[..^1])
        {
            if (!data.StartsWith("data: ", StringComparison.Ordinal))
            {
                return $"an event that is not data: {data}";
            }

            using var chunk = JsonDocument.Parse(data["data: ".Length..], AnswerDepth);
            if (chunk.RootElement.GetProperty("object").GetString() != "chat.completion.chunk")
            {
                return $"an event that is not a chunk: {data}";
            }
        }

        return events.Length < 2 ? "an event stream without chunks" : null;
    }

    private static string? CheckValidationProblems(string text, bool sentAsJson, BodyKind kind)
    {
        using var document = JsonDocument.Parse(text, AnswerDepth);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 2 || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return "a 422 body that is not {\"detail\": [...], \"error\": {...}}";
        }

        var detail = root.GetProperty("detail");
        if (detail.GetArrayLength() == 0)
        {
            return "a 422 with no problems";
        }

        var types = new List<string>();
        foreach (var problem in detail.EnumerateArray())
        {
            if (problem.EnumerateObject().Any(p => !ProblemKeys.Contains(p.Name)) || !problem.TryGetProperty("input", out _))
            {
                return $"a problem without type/loc/msg/input or with other keys: {problem.GetRawText()}";
            }

            var type = problem.GetProperty("type").GetString()!;
            var location = problem.GetProperty("loc");
            if (!ProblemTypes.Contains(type)
                || problem.GetProperty("msg").GetString() is not { Length: > 0 }
                || location.GetArrayLength() == 0
                || location[0].GetString() != "body"
                || location.EnumerateArray().Skip(1).Any(item => item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)))
            {
                return $"a problem not in Pydantic's shape: {problem.GetRawText()}";
            }

            types.Add(type);
        }

        string[]? expected = kind switch
        {
            // FastAPI reads no body as a missing one, whatever its content type; other bodies not sent as JSON as text.
            BodyKind.Empty => ["missing"],
            _ when !sentAsJson => ["model_attributes_type"],
            // FastAPI decodes any body that has bytes, and Python's json finds no value in blanks; reading it as no body is as fair.
            BodyKind.Blank => ["json_invalid", "missing"],
            BodyKind.NotJson => ["json_invalid"],
            BodyKind.NotAnObject => ["model_attributes_type"],
            // FastAPI takes a JSON null body for no body at all.
            BodyKind.Null => ["missing"],
            _ => null,
        };
        if (expected is not null && (types.Count != 1 || !expected.Contains(types[0])))
        {
            return $"a 422 with [{string.Join(", ", types)}] where a single {string.Join(" or ", expected)} was due";
        }

        return expected is null && types.Contains("json_invalid") ? "json_invalid for a body that is JSON" : null;
    }

    private static string? CheckDetail(string text, string start)
    {
        using var document = JsonDocument.Parse(text, AnswerDepth);
        var detail = document.RootElement.GetProperty("detail").GetString();
        return detail is not null && detail.StartsWith(start, StringComparison.Ordinal) ? null : $"a detail that does not start with \"{start}\": {text}";
    }

    /// <summary>What the body is, read as Python's json would after FastAPI strips a byte order mark.</summary>
    private static (BodyKind Kind, bool? Stream) Classify(byte[] sent)
    {
        if (sent.Length == 0)
        {
            return (BodyKind.Empty, null);
        }

        ReadOnlyMemory<byte> body = sent;
        if (body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        if (!body.Span.ContainsAnyExcept(" \t\r\n"u8))
        {
            return (BodyKind.Blank, null);
        }

        if (!Utf8.IsValid(body.Span))
        {
            return (BodyKind.NotJson, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body, SameDepthAsTheServer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (root.ValueKind == JsonValueKind.Null ? BodyKind.Null : BodyKind.NotAnObject, null);
            }

            // The last of repeated keys wins; stream given as something else than a boolean or null may convert either way.
            var stream = root.EnumerateObject().LastOrDefault(p => p.NameEquals("stream"u8)).Value;
            bool? streams = stream.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
                _ => null,
            };
            return (BodyKind.Object, streams);
        }
        catch (JsonException)
        {
            return (BodyKind.NotJson, null);
        }
    }

    private enum BodyKind
    {
        Empty,
        Blank,
        NotJson,
        NotAnObject,
        Null,
        Object,
    }
}
