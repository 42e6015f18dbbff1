using ChatGrpc.Server.Auth;

namespace ChatGrpc.Tests.Auth;

public sealed class BasicCredentialParserTests
{
    [Theory]
    [InlineData("Basic dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    [InlineData("basic dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    [InlineData("BASIC dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    [InlineData("Basic    dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    public void BasicScheme_YieldsTheToken(string authorization, string expected)
    {
        Assert.True(BasicCredentialParser.TryGetToken(authorization, out var token));
        Assert.Equal(expected, token.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic   ")]
    [InlineData("Basicd XNlcjpwYXNz")]
    [InlineData("BasicdXNlcjpwYXNz")]
    [InlineData("Basic\tdXNlcjpwYXNz")]
    [InlineData(" Basic dXNlcjpwYXNz")]
    [InlineData("Bearer dXNlcjpwYXNz")]
    [InlineData("Digest username=\"user\"")]
    [InlineData("dXNlcjpwYXNz")]
    public void OtherSchemeOrNoToken_IsRefused(string authorization)
    {
        Assert.False(BasicCredentialParser.TryGetToken(authorization, out _));
    }

    [Theory]
    [InlineData("dXNlcjpwYXNz", "user:pass", 4)]
    [InlineData("dXNlcjpwYTpzcw==", "user:pa:ss", 4)]
    [InlineData("Og==", ":", 0)]
    [InlineData("dXNlcjo=", "user:", 4)]
    [InlineData("w7xzZXI6cMOkc3M=", "üser:päss", 5)]
    public void WellFormedToken_DecodesAndFindsTheFirstColon(string token, string expected, int expectedSeparator)
    {
        var buffer = new byte[BasicCredentialParser.GetMaxDecodedLength(token)];

        Assert.True(BasicCredentialParser.TryDecode(token, buffer, out var length, out var separator));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Equal(expectedSeparator, separator);
    }

    [Theory]
    [InlineData("!!!!")] // not base64
    [InlineData("dXNlcjpwYXNz=")] // wrong length
    [InlineData("dXNlcjpwYXM")] // missing padding
    [InlineData("dXNl cjpwYXNz")] // whitespace inside
    [InlineData("dXNlcjpwYXNz\n")] // trailing newline
    [InlineData("dXNlcl9wYXNz")] // "user_pass": no colon
    [InlineData("/zpB")] // 0xFF ':' 'A': not UTF-8
    [InlineData("dXNlcjpwYXNz:")] // junk after the token
    [InlineData("dXNlcjpwYXNz-_")] // base64url alphabet
    public void MalformedToken_IsRefused(string token)
    {
        var buffer = new byte[BasicCredentialParser.GetMaxDecodedLength(token) + 8];

        Assert.False(BasicCredentialParser.TryDecode(token, buffer, out _, out _));
    }
}
