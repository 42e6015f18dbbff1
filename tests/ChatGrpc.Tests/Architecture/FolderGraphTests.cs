using ChatGrpc.Server.Hosting;
using Xunit.Abstractions;

namespace ChatGrpc.Tests.Architecture;

/// <summary>
/// The server's top-level folders and the direction their references may take. Print the graph with
/// <c>dotnet test tests/ChatGrpc.Tests --filter FullyQualifiedName~FolderGraphTests --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class FolderGraphTests(ITestOutputHelper output)
{
    private static readonly FolderGraph Graph = FolderGraph.Read(typeof(ChatGrpcApplication).Assembly.Location);

    [Fact]
    public void Reader_SeesReferencesMadeOnlyInsideMethodBodies()
    {
        // The pipeline calls the router; the call record holds an error kind; the composition root reaches every feature.
        Assert.Contains("Routing", Graph.Edges["Completions"]);
        Assert.Contains("Errors", Graph.Edges["Calls"]);
        Assert.Contains("Hosting", Graph.Edges["(root)"]);
    }

    [Theory]
    [InlineData("Configuration")]
    [InlineData("Validation")]
    public void Leaves_ReferenceNoOtherFolder(string folder) => Assert.Empty(Graph.Edges[folder]);

    /// <summary>A validation failure carries its problems: the error table knows <c>ValidationProblem</c>, and nothing else of another folder.</summary>
    [Fact]
    public void Errors_ReferenceOnlyValidation() => Assert.Equal(["Validation"], Graph.Edges["Errors"]);

    [Fact]
    public void Calls_ReferenceOnlyErrors() => Assert.Equal(["Errors"], Graph.Edges["Calls"]);

    [Fact]
    public void Cycles_None()
    {
        output.WriteLine(Graph.Describe());
        output.WriteLine(string.Empty);
        output.WriteLine(Graph.DescribeReasons());
        var cycles = Graph.Cycles();
        foreach (var cycle in cycles)
        {
            output.WriteLine("cycle: " + string.Join(", ", cycle));
        }

        Assert.True(cycles.Count == 0, "Folders reference each other in a cycle: " + string.Join(" | ", cycles.Select(c => string.Join(", ", c))));
    }
}
