using System.Text.Json;
using ChatGrpc.Server.OpenAi.Reading;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// Reads the body of <c>POST /chat/completions</c> as OpenAI's SDKs send it, and as FastAPI with Pydantic v2
/// in lax mode reads it, into a <see cref="CreateChatCompletionRequest"/>. It reports every problem only a
/// JSON reader can see (missing keys, wrong kinds, failed lax conversions, unknown literals and tags, shape
/// unions that match no member, bodies that are not JSON); limits and rules across fields are the proto's
/// rules, checked afterwards on the message.
/// </summary>
internal static class OpenAiRequestReader
{
    /// <summary>Reads leniently: keys the schema does not have are ignored.</summary>
    /// <param name="utf8Json">The body. The result's document reads from it without copying: keep it unchanged while the result is in use.</param>
    public static OpenAiRequestReadResult Read(ReadOnlyMemory<byte> utf8Json) => Read(utf8Json, rejectUnknownFields: false);

    /// <param name="utf8Json">The body. The result's document reads from it without copying: keep it unchanged while the result is in use.</param>
    /// <param name="options">How strictly to read; see <see cref="OpenAiReadOptions.RejectUnknownFields"/>.</param>
    public static OpenAiRequestReadResult Read(ReadOnlyMemory<byte> utf8Json, OpenAiReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(utf8Json, options.RejectUnknownFields);
    }

    private static OpenAiRequestReadResult Read(ReadOnlyMemory<byte> utf8Json, bool rejectUnknownFields)
    {
        var problems = new List<ValidationProblem>();
        var document = JsonBodyParser.Parse(utf8Json, out var problem);
        if (document is null)
        {
            problems.Add(problem!);
            return new OpenAiRequestReadResult(new CreateChatCompletionRequest(), problems, null);
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            // FastAPI takes a JSON null body for no body at all.
            problems.Add(PydanticErrors.Missing([], root));
            return new OpenAiRequestReadResult(new CreateChatCompletionRequest(), problems, document);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(PydanticErrors.ModelAttributesType([], root));
            return new OpenAiRequestReadResult(new CreateChatCompletionRequest(), problems, document);
        }

        try
        {
            var request = RequestReader.Read(root, new JsonReadContext(problems, rejectUnknownFields));
            return new OpenAiRequestReadResult(request, problems, document);
        }
        catch (ProblemLimitReachedException)
        {
            // The request is half read and must not be used; its problems say enough.
            return new OpenAiRequestReadResult(new CreateChatCompletionRequest(), problems, document);
        }
    }
}
