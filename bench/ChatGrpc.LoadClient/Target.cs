using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatGrpc.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChatGrpc.LoadClient;

/// <summary>What one call observed: when the first chunk arrived (streams), and each content chunk's delay since the
/// mock upstream wrote it (its content is "t" + that Stopwatch timestamp).</summary>
internal class CallObservation
{
    public long FirstChunkAt { get; private set; }

    public virtual void OnFirstChunk(long at) => FirstChunkAt = at;

    public List<long> ChunkDelays { get; } = [];
}

/// <summary>One endpoint to load: OpenAI REST (mock, nginx or ChatGrpc) or ChatGrpc's gRPC service.</summary>
internal abstract class Target : IDisposable
{
    public static Target Create(Options options)
    {
        var kind = options.Text("target", "http");
        var url = options.Text("url", "http://127.0.0.1:8080/api/v1/openai/chat/completions");
        var authorization = options.Text("authorization", "");
        var model = options.Text("model", "relay");
        var stream = options.Flag("stream");
        var includeUsage = stream && options.Flag("include-usage");
        var connections = options.Number("channels", 4);
        return kind == "grpc"
            ? new GrpcTarget(url, authorization, model, stream, includeUsage, connections)
            : new HttpTarget(url, authorization, model, stream, includeUsage);
    }

    /// <summary>Sends one request and reads the whole answer; throws when the call fails.</summary>
    public abstract Task CallAsync(CallObservation? observation, CancellationToken cancellationToken);

    public abstract void Dispose();

    protected static void Observe(CallObservation? observation, string? content, long now)
    {
        if (observation is null || content is null || content.Length < 2 || content[0] != 't')
        {
            return;
        }

        if (long.TryParse(content.AsSpan(1), out var sentAt))
        {
            observation.ChunkDelays.Add(now - sentAt);
        }
    }
}

internal sealed class HttpTarget : Target
{
    private static readonly byte[] s_marker = "\"content\":\"t"u8.ToArray();
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly byte[] _body;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly bool _stream;

    public HttpTarget(string url, string authorization, string model, bool stream, bool includeUsage)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        })
        { Timeout = TimeSpan.FromSeconds(120) };
        _uri = new Uri(url);
        _stream = stream;
        _authorization = authorization.Length == 0 ? null : AuthenticationHeaderValue.Parse(authorization);
        _body = Encoding.UTF8.GetBytes(
            $$"""{"model":"{{model}}","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the benchmark."}],"temperature":0.2,"max_tokens":64{{(stream ? ",\"stream\":true" : "")}}{{(includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")}}}""");
    }

    public override async Task CallAsync(CallObservation? observation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _authorization;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        var filled = 0;
        var first = true;
        while (true)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            if (first && observation is not null)
            {
                observation.OnFirstChunk(now);
                first = false;
            }

            if (!_stream || observation is null)
            {
                continue;
            }

            filled += read;
            filled = Scan(buffer, filled, observation, now);
        }
    }

    /// <summary>Finds every complete content timestamp in the buffer, records its delay, and keeps the unread tail.</summary>
    private static int Scan(byte[] buffer, int filled, CallObservation observation, long now)
    {
        var consumed = 0;
        while (true)
        {
            var span = buffer.AsSpan(consumed, filled - consumed);
            var at = span.IndexOf(s_marker);
            if (at < 0)
            {
                // Keep a possible partial marker.
                consumed = Math.Max(consumed, filled - s_marker.Length);
                break;
            }

            var digits = span[(at + s_marker.Length)..];
            var end = digits.IndexOf((byte)'"');
            if (end < 0)
            {
                consumed += at;
                break;
            }

            if (Utf8Parser.TryParse(digits[..end], out long sentAt, out _))
            {
                observation.ChunkDelays.Add(now - sentAt);
            }

            consumed += at + s_marker.Length + end;
        }

        var rest = filled - consumed;
        buffer.AsSpan(consumed, rest).CopyTo(buffer);
        return rest;
    }

    public override void Dispose() => _client.Dispose();
}

internal sealed class GrpcTarget : Target
{
    private readonly GrpcChannel[] _channels;
    private readonly ChatService.ChatServiceClient[] _clients;
    private readonly CreateChatCompletionRequest _request;
    private readonly Metadata _headers;
    private readonly bool _stream;
    private int _next;

    public GrpcTarget(string url, string authorization, string model, bool stream, bool includeUsage, int channels)
    {
        _stream = stream;
        _channels = new GrpcChannel[Math.Max(1, channels)];
        _clients = new ChatService.ChatServiceClient[_channels.Length];
        for (var i = 0; i < _channels.Length; i++)
        {
            // Each channel has its own handler, so its own HTTP/2 connection(s).
            _channels[i] = GrpcChannel.ForAddress(url, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    UseProxy = false,
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                },
            });
            _clients[i] = new ChatService.ChatServiceClient(_channels[i]);
        }

        _headers = [];
        if (authorization.Length > 0)
        {
            _headers.Add("authorization", authorization);
        }

        _request = Request(model);
        if (stream)
        {
            _request.Stream = true;
        }

        if (includeUsage)
        {
            _request.StreamOptions = new StreamOptions { IncludeUsage = true };
        }
    }

    /// <summary>The request every path is sent: the same as the REST body bench/run posts.</summary>
    public static CreateChatCompletionRequest Request(string model) => new()
    {
        Model = model,
        Temperature = 0.2,
        MaxTokens = 64,
        Messages =
        {
            new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "Be brief." } } },
            new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Say hello to the benchmark." } } },
        },
    };

    public override async Task CallAsync(CallObservation? observation, CancellationToken cancellationToken)
    {
        var client = _clients[(uint)Interlocked.Increment(ref _next) % (uint)_clients.Length];
        if (!_stream)
        {
            _ = await client.CreateChatCompletionAsync(_request, _headers, cancellationToken: cancellationToken);
            if (observation is not null)
            {
                observation.OnFirstChunk(Stopwatch.GetTimestamp());
            }

            return;
        }

        using var call = client.StreamChatCompletion(_request, _headers, cancellationToken: cancellationToken);
        var first = true;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var now = Stopwatch.GetTimestamp();
            if (first && observation is not null)
            {
                observation.OnFirstChunk(now);
                first = false;
            }

            var chunk = call.ResponseStream.Current;
            if (chunk.Choices.Count > 0 && chunk.Choices[0].Delta is { HasContent: true } delta)
            {
                Observe(observation, delta.Content, now);
            }
        }
    }

    public override void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
