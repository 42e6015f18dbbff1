using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ChatGrpc.IntegrationTests.Robustness;

public sealed class ScratchMemory(ChatGrpcServerFixture server, ITestOutputHelper output) : IClassFixture<ChatGrpcServerFixture>
{
    [Theory]
    [InlineData(500_000)]
    public async Task Stop(int count)
    {
        var numbers = string.Join(',', Enumerable.Range(0, count).Select(i => i % 10));
        var body = Encoding.UTF8.GetBytes($$"""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}],"stop":[{{numbers}}]}""");
        using var client = server.CreateHttpClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        output.WriteLine($"start {GC.GetTotalMemory(true) >> 20} MiB, ws {Environment.WorkingSet >> 20} MiB");
        for (var round = 0; round < 4; round++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var peak = 0L;
            using var cts = new CancellationTokenSource();
            var sampler = Task.Run(async () => { while (!cts.IsCancellationRequested) { peak = Math.Max(peak, GC.GetTotalMemory(false)); await Task.Delay(5); } });
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("api/v1/openai/chat/completions", content, HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            var length = 0L; var buffer = new byte[81920]; int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) length += read;
            await cts.CancelAsync(); await sampler;
            output.WriteLine($"round {round}: {(int)response.StatusCode} {length >> 20} MiB answer in {sw.ElapsedMilliseconds} ms; peak {peak >> 20} MiB; after GC {GC.GetTotalMemory(true) >> 20} MiB, ws {Environment.WorkingSet >> 20} MiB");
        }
    }
}
