using System.Text.Json;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// What an upstream's error body says: OpenAI's <c>{"error": {"message", "type", "param", "code"}}</c>, which
/// Azure and most compatible servers send too, and Anthropic's <c>{"type": "error", "error": {"type", "message"}}</c>.
/// </summary>
internal sealed record UpstreamErrorBody(string? Message, string? Type, string? Param, string? Code)
{
    /// <summary>
    /// Reads what it can; a body that is not such JSON gives all nulls. Every text is passed through
    /// <paramref name="scrubber"/>, since what is read here may be relayed to the caller.
    /// </summary>
    public static UpstreamErrorBody Parse(ReadOnlySpan<byte> json, UpstreamMessageScrubber scrubber)
    {
        ArgumentNullException.ThrowIfNull(scrubber);
        var body = Parse(json);
        return body == Empty ? body : new UpstreamErrorBody(scrubber.Scrub(body.Message), scrubber.Scrub(body.Type), scrubber.Scrub(body.Param), scrubber.Scrub(body.Code));
    }

    private static UpstreamErrorBody Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error"u8, out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.Object => new UpstreamErrorBody(Text(error, "message"u8), Text(error, "type"u8), Text(error, "param"u8), Text(error, "code"u8)),
                    // Some servers (older vLLM, llama.cpp) send "error" as a bare string.
                    JsonValueKind.String => new UpstreamErrorBody(error.GetString(), null, null, null),
                    _ => Empty,
                };
            }
        }
        catch (JsonException)
        {
        }

        return Empty;
    }

    public static UpstreamErrorBody Empty { get; } = new(null, null, null, null);

    private static string? Text(JsonElement error, ReadOnlySpan<byte> name) =>
        error.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            // OpenAI-compatible servers disagree on whether "code" is a string or the HTTP status as a number.
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
