using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi;

/// <summary>How the gateway writes JSON to clients.</summary>
internal static class OpenAiJson
{
    /// <summary>
    /// Non-ASCII text and quotes as they are (<c>'</c>, not <c>\u0027</c>), as OpenAI and FastAPI send them: answers in
    /// other languages are much smaller. Safe here: every answer is <c>application/json</c> or
    /// <c>text/event-stream</c>, never embedded in HTML.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
