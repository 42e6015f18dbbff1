using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// What <see cref="OpenAiRequestReader"/> made of a body: the request as far as it could be read, the
/// problems only the JSON reader can see, and the parsed document, kept so that later rules can quote
/// the offending values as sent. Dispose it once the request has been answered or handed on.
/// </summary>
internal sealed class OpenAiRequestReadResult : IDisposable
{
    public OpenAiRequestReadResult(CreateChatCompletionRequest request, List<ValidationProblem> problems, JsonDocument? document)
    {
        Request = request;
        Problems = problems;
        Document = document;
    }

    /// <summary>The request; only to be used when <see cref="Problems"/> is empty.</summary>
    public CreateChatCompletionRequest Request { get; }

    /// <summary>Problems found while reading, in no particular order.</summary>
    public List<ValidationProblem> Problems { get; }

    /// <summary>The parsed body, or null when it was not JSON.</summary>
    public JsonDocument? Document { get; }

    public void Dispose() => Document?.Dispose();
}
