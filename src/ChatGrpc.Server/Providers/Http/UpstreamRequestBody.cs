using System.Text.Json;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>The JSON body sent upstream, written once per attempt into one rented buffer and sent from it without another copy.</summary>
internal static class UpstreamRequestBody
{
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
            return Write(request, static (writer, request) => OpenAiRequestWriter.Write(writer, request));
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
    public static HttpContent Write(Action<Utf8JsonWriter> write) => Write(write, static (writer, write) => write(writer));

    /// <summary>JSON written by <paramref name="write"/> from <paramref name="state"/>, as a request body, with no closure to allocate.</summary>
    public static HttpContent Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
            {
                write(writer, state);
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return new PooledJsonContent(buffer);
    }
}
