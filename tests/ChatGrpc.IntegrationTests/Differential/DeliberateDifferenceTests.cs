using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>The list of deliberate differences is data, each entry with its reason, and the README documents every one.</summary>
public sealed class DeliberateDifferenceTests
{
    [Fact]
    public void EveryDeliberateDifference_HasAReasonAndARowInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("## Differences from FastAPI", StringComparison.Ordinal)..];

        var differences = DeliberateDifference.LoadAll().Values;

        Assert.NotEmpty(differences);
        Assert.All(differences, difference =>
        {
            Assert.False(string.IsNullOrWhiteSpace(difference.Reason), difference.Id);
            Assert.Contains($"| `{difference.Id}` |", section, StringComparison.Ordinal);
        });
    }
}
