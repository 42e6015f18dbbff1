using System.Text;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;

namespace ChatGrpc.Tests.Auth;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public void PasswordOnStandardInput_PrintsADefaultStrengthHashThatVerifies()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = HashPasswordCommand.Run(new StringReader("s3cret: with spaces \n"), output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Equal("", lines[1]);
        Assert.True(PasswordHash.TryParse(lines[0], out var hash));
        Assert.Equal(Pbkdf2PasswordHasher.DefaultIterations, hash.Iterations);
        Assert.True(new Pbkdf2PasswordHasher().Verify("s3cret: with spaces "u8, hash));
    }

    [Theory]
    [InlineData("secret")] // printf '%s'
    [InlineData("secret\n")]
    [InlineData("secret\r\n")]
    [InlineData("secret\nignored second line")]
    public void OnlyTheFirstLine_IsThePassword(string input)
    {
        var hasher = new CountingPasswordHasher();
        var output = new StringWriter();

        var exitCode = HashPasswordCommand.Run(new StringReader(input), output, new StringWriter(), hasher);

        Assert.Equal(0, exitCode);
        Assert.True(PasswordHash.TryParse(output.ToString().TrimEnd(), out var hash));
        Assert.True(hasher.Verify(Encoding.UTF8.GetBytes("secret"), hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void EmptyPassword_IsRefusedWithExitCode2(string input)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = HashPasswordCommand.Run(new StringReader(input), output, error, new CountingPasswordHasher());

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Equal("hash-password: no password on standard input. Usage: printf '%s' '<password>' | ChatGrpc.Server hash-password" + Environment.NewLine, error.ToString());
    }
}
