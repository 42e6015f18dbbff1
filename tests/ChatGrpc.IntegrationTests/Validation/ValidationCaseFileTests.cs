namespace ChatGrpc.IntegrationTests.Validation;

/// <summary>The case files themselves, pending ones included, so that a case waiting for a fix stays runnable.</summary>
public sealed class ValidationCaseFileTests
{
    [Fact]
    public void EveryCaseFile_FollowsTheCaseFormat()
    {
        var files = Directory.EnumerateFiles(ValidationCase.Folder, "*.json", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, static file => ValidationCase.LoadFile(file));
    }

    [Fact]
    public void PendingCases_DoNotShareANameWithRunningOnes()
    {
        var pending = Directory.Exists(ValidationCase.PendingFolder)
            ? Directory.EnumerateFiles(ValidationCase.PendingFolder, "*.json").Select(static file => Path.GetFileNameWithoutExtension(file))
            : [];

        Assert.Empty(pending.Intersect(ValidationCase.Names()));
    }
}
