using System.Security.Cryptography;
using System.Text;
using ChatGrpc.Server.Auth;

namespace ChatGrpc.Tests.Auth;

public sealed class CredentialDigesterTests
{
    [Fact]
    public async Task ReusedHmac_MatchesOneShotHmac_OnEveryThreadAndEveryUse()
    {
        var key = Enumerable.Range(1, CredentialDigest.KeyLength).Select(static i => (byte)i).ToArray();
        using var digester = new CredentialDigester(key);
        var credentials = Enumerable.Range(0, 50).Select(static i => Encoding.UTF8.GetBytes($"user{i}:password-{new string('x', i)}")).ToArray();

        // Several threads at once, each using its own HMAC many times: a reset that kept state between uses, or a
        // context shared between threads, would give a digest the one-shot HMAC does not.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                foreach (var credential in credentials)
                {
                    Assert.Equal(CredentialDigest.FromHash(HMACSHA256.HashData(key, credential)), digester.Compute(credential));
                }
            }
        })));
    }

    [Fact]
    public void DigestersWithoutAKey_UseDifferentRandomKeys()
    {
        using var first = new CredentialDigester();
        using var second = new CredentialDigester();

        Assert.NotEqual(first.Compute("alice:pw"u8), second.Compute("alice:pw"u8));
        Assert.Equal(first.Compute("alice:pw"u8), first.Compute("alice:pw"u8));
    }
}
