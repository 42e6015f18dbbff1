using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.Providers.Development;
using ChatGrpc.V1;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// The embedded development model answering a short prompt. For context only: this is the model's own cost
/// (composing the answer and counting tokens with o200k_base), which an upstream provider replaces; it is not
/// the gateway's overhead.
/// </summary>
[MemoryDiagnoser]
public class DevelopmentModelBenchmarks
{
    private readonly DevelopmentModelProvider _provider = new(TimeProvider.System, Options.Create(new DevelopmentModelOptions()));
    private readonly CreateChatCompletionRequest _request = new()
    {
        Model = DevelopmentModelProvider.ModelId,
        Messages =
        {
            new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "You are a helpful assistant." } } },
            new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Hello, gateway! What can you do?" } } },
        },
    };

    [GlobalSetup]
    public void Setup()
    {
        // The tokenizer loads its vocabulary on first use; that is start-up cost, not per-request cost.
        _ = _provider.CompleteAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<ChatCompletion> CompleteShortPrompt() => _provider.CompleteAsync(_request, CancellationToken.None);

    /// <summary>The same answer streamed, every chunk drained. Returns the chunk count.</summary>
    [Benchmark]
    public async Task<int> StreamShortPrompt()
    {
        var chunks = 0;
        await foreach (var chunk in _provider.StreamAsync(_request, CancellationToken.None))
        {
            chunks++;
        }

        return chunks;
    }
}
