using System.Reflection;
using ChatGrpc.Server.Errors;
using Grpc.Core;

namespace ChatGrpc.Tests.Errors;

public sealed class ChatErrorsTests
{
    [Fact]
    public void EveryKind_HasExactlyOneRow()
    {
        Assert.Equal(Enum.GetValues<ChatErrorKind>(), ChatErrors.All.Select(row => row.Kind));
    }

    [Fact]
    public void ReadmeErrorTable_SaysWhatTheTableSays()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(readme, line => line.StartsWith("| kind | HTTP | gRPC |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no error table.");
        var rows = readme.Skip(start + 2).TakeWhile(line => line.StartsWith('|')).Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray()).ToList();

        Assert.Equal(ChatErrors.All.Count, rows.Count);
        foreach (var (row, descriptor) in rows.Zip(ChatErrors.All))
        {
            Assert.Equal(descriptor.Kind.ToString(), row[1]);
            Assert.Equal(descriptor.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), row[2]);
            Assert.Equal($"`{GrpcName(descriptor.GrpcStatus)}`", row[3]);
            Assert.Equal($"`{descriptor.OpenAiType}`", row[4]);
            if (descriptor.Kind != ChatErrorKind.ValidationFailed)
            {
                Assert.Equal($"`{descriptor.OpenAiCode}`", row[5]);
            }
        }
    }

    private static string GrpcName(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatGrpc.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("No checkout above " + Assembly.GetExecutingAssembly().Location);
    }
}
