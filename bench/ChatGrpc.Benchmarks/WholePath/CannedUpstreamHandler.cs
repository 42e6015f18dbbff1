using System.Net;
using System.Net.Http.Headers;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// Stands in for the upstream's HTTP connection behind the gateway's real OpenAI-compatible provider: the provider
/// writes its request and reads the answer exactly as over the network, without a socket or a second server.
/// </summary>
internal sealed class CannedUpstreamHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_eventStream = new("text/event-stream");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The request body is read as a connection would send it.
        await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
        var stream = request.Headers.Accept.Any(accept => accept.MediaType == "text/event-stream");
        var content = new StreamContent(new MemoryStream(stream ? UpstreamAnswers.EventStream : UpstreamAnswers.Completion, writable: false));
        content.Headers.ContentType = stream ? s_eventStream : s_json;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
