using System.Text;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>What the in-memory upstreams answer: a small completion, and a stream of seven events and [DONE], as the loopback benchmarks' mock does.</summary>
internal static class UpstreamAnswers
{
    public static readonly byte[] Completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"relay","choices":[{"index":0,"message":{"role":"assistant","content":"Hello, benchmark!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24}}"""u8.ToArray();

    private const string Head = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"relay","choices":[{"index":0,"delta":""";

    /// <summary>Each event's JSON, in order.</summary>
    public static readonly string[] ChunkJson =
    [
        Head + """{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""",
        .. new[] { "Hello", ",", " bench", "mark", "!" }.Select(piece => Head + $$"""{"content":"{{piece}}"},"logprobs":null,"finish_reason":null}]}"""),
        Head + """{},"logprobs":null,"finish_reason":"stop"}]}""",
    ];

    /// <summary>The whole event stream as an upstream sends it.</summary>
    public static readonly byte[] EventStream = Encoding.UTF8.GetBytes(string.Concat(ChunkJson.Select(json => "data: " + json + "\n\n")) + "data: [DONE]\n\n");
}
