using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>The JSON body sent upstream, written once per attempt into one buffer and sent from it without another copy.</summary>
internal static class UpstreamRequestBody
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <summary>
    /// The request as OpenAI JSON with every field, except that <c>model</c> is the deployment's upstream id and
    /// <c>stream</c> says what the provider's method does.
    /// </summary>
    /// <remarks>
    /// The call's request is changed for the length of the (synchronous) write and put back, rather than cloned:
    /// a clone would copy every message of a long conversation on every attempt.
    /// </remarks>
    public static HttpContent OpenAi(CreateChatCompletionRequest request, string upstreamModel, bool stream)
    {
        var model = request.Model;
        var hadStream = request.HasStream;
        var wasStreaming = request.Stream;
        request.Model = upstreamModel;
        request.Stream = stream;
        try
        {
            return Write(writer => OpenAiRequestWriter.Write(writer, request));
        }
        finally
        {
            request.Model = model;
            if (hadStream)
            {
                request.Stream = wasStreaming;
            }
            else
            {
                request.ClearStream();
            }
        }
    }

    /// <summary>JSON written by <paramref name="write"/>, as a request body.</summary>
    public static HttpContent Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            write(writer);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = s_json;
        return content;
    }
}
