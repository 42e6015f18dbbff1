using System.Text.RegularExpressions;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Readme;

/// <summary>
/// The README's copy-paste blocks run as written against a started gateway, so that they cannot go stale: every
/// <c>sh</c> block that calls the gateway (curl, buf through npx) and every Node block. Only the addresses change, to
/// the test server's loopback ports; blocks that start the gateway itself (<c>dotnet run</c>) are what the fixture is.
/// </summary>
public sealed partial class ReadmeExamplesTests(ReadmeServerFixture server) : IClassFixture<ReadmeServerFixture>
{
    public static TheoryData<int> ShellBlocks => Indexes(static b => b.Language == "sh" && CallsTheGateway(b.Text) && !b.Text.Contains("dotnet run", StringComparison.Ordinal));

    public static TheoryData<int> NodeBlocks => Indexes(static b => b.Language == "js");

    [Fact]
    public void TheReadmeHasRunnableBlocks()
    {
        // curl (answer, 422), buf (list, unary, stream), the provider's curl; and the Node example, with an API key and
        // with Basic credentials.
        Assert.True(ShellBlocks.Count >= 3, $"{ShellBlocks.Count} shell blocks");
        Assert.Equal(2, NodeBlocks.Count);
    }

    [Theory]
    [MemberData(nameof(ShellBlocks))]
    public async Task ShellBlock_RunsAsWritten(int index)
    {
        var block = Localized(AllBlocks()[index].Text);

        var result = await ExternalProcess.RunAsync("bash", ["-euo", "pipefail", "-c", block], RepositoryPaths.Clients, timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, block + "\n" + result);
        Assert.Matches(AnswerPattern(), result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(NodeBlocks))]
    public async Task NodeBlock_RunsAsWritten_AsAnMjsFile(int index)
    {
        // Saved where `npm install openai` has been done: the test clients' directory.
        var file = Path.Combine(RepositoryPaths.Clients, $"readme-example-{index}.mjs");
        await File.WriteAllTextAsync(file, Localized(AllBlocks()[index].Text));
        try
        {
            var result = await ExternalProcess.RunAsync("node", [file], RepositoryPaths.Clients, timeout: TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("You said: Hello!", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("You said: Stream!", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private string Localized(string block) => block
        .Replace("127.0.0.1:8080", server.RestAddress.Authority, StringComparison.Ordinal)
        .Replace("127.0.0.1:8081", server.GrpcAddress.Authority, StringComparison.Ordinal);

    private static bool CallsTheGateway(string block) =>
        block.Contains("127.0.0.1:8080", StringComparison.Ordinal) || block.Contains("127.0.0.1:8081", StringComparison.Ordinal);

    private static TheoryData<int> Indexes(Func<(string Language, string Text), bool> runs)
    {
        var all = AllBlocks();
        var data = new TheoryData<int>();
        for (var i = 0; i < all.Count; i++)
        {
            if (runs(all[i]))
            {
                data.Add(i);
            }
        }

        return data;
    }

    private static List<(string Language, string Text)> AllBlocks() =>
        FencedBlock().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")))
            .Select(static m => (m.Groups["language"].Value, m.Groups["text"].Value))
            .ToList();

    // An answer of the gateway: the built-in model's, the mock upstream's, a validation error's, or buf's method list.
    [GeneratedRegex("You said|Hello from ok|\"detail\"|chatgrpc\\.v1\\.ChatService/")]
    private static partial Regex AnswerPattern();

    [GeneratedRegex("^```(?<language>[a-z]+)\\n(?<text>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
