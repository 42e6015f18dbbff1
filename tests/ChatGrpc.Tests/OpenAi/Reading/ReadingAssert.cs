using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.OpenAi.Reading;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Reads bodies through the public reader and compares whole results.</summary>
internal static class ReadingAssert
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A valid body with <paramref name="fields"/> (JSON members, comma-separated) added after model and messages.</summary>
    public static string Body(string fields) => $$"""{"model":"m","messages":[{"role":"user","content":"hi"}],{{fields}}}""";

    /// <summary>A valid body whose only message is <paramref name="message"/>.</summary>
    public static string BodyWithMessage(string message) => $$"""{"model":"m","messages":[{{message}}]}""";

    /// <summary>Asserts that <paramref name="body"/> reads without problems and returns the request.</summary>
    public static CreateChatCompletionRequest Valid(string body)
    {
        using var result = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(body));
        Assert.Equal("[]", Render(result.Problems));
        return result.Request;
    }

    /// <summary>Asserts that <paramref name="body"/> reads with exactly the problems of <paramref name="expectedProblems"/>, a JSON array of FastAPI detail entries.</summary>
    public static void Problems(string expectedProblems, string body) => Problems(expectedProblems, Encoding.UTF8.GetBytes(body));

    public static void Problems(string expectedProblems, byte[] body)
    {
        using var result = OpenAiRequestReader.Read(body);
        Assert.Equal(Normalize(expectedProblems), Render(result.Problems));
    }

    /// <summary>Reads <paramref name="json"/> with one of the reader's parts, at the body's root, and renders the problems it found.</summary>
    public static (T Read, string Problems) ReadPart<T>(string json, Func<JsonElement, JsonReadContext, T> read, bool rejectUnknownFields = false)
    {
        using var document = JsonDocument.Parse(json);
        var problems = new List<ValidationProblem>();
        var result = read(document.RootElement, new JsonReadContext(problems, rejectUnknownFields));
        return (result, Render(problems));
    }

    public static string Render(IEnumerable<ValidationProblem> problems)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var problem in problems)
            {
                ValidationProblemJson.WriteProblem(writer, problem);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString(Readable);
}
