using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;

namespace ChatGrpc.Tests.Auth;

public sealed class PasswordHashTests
{
    private static readonly Pbkdf2PasswordHasher Hasher = new(CountingPasswordHasher.Iterations);

    private static readonly string ValidSalt = Convert.ToBase64String(new byte[PasswordHash.SaltLength]);
    private static readonly string ValidKey = Convert.ToBase64String(new byte[PasswordHash.KeyLength]);

    [Fact]
    public void HashThenVerify_AcceptsTheSamePassword()
    {
        var hash = Hasher.Hash("correct horse"u8);

        Assert.True(Hasher.Verify("correct horse"u8, hash));
    }

    [Fact]
    public void Verify_RejectsAnotherPassword()
    {
        var hash = Hasher.Hash("correct horse"u8);

        Assert.False(Hasher.Verify("correct horse "u8, hash));
        Assert.False(Hasher.Verify("Correct horse"u8, hash));
        Assert.False(Hasher.Verify(""u8, hash));
    }

    [Fact]
    public void Verify_UsesTheIterationsStoredInTheHash()
    {
        var hash = new Pbkdf2PasswordHasher(2_000).Hash("secret"u8);

        Assert.Equal(2_000, hash.Iterations);
        Assert.True(Hasher.Verify("secret"u8, hash));
    }

    [Fact]
    public void Encode_RoundTripsThroughTryParse()
    {
        var hash = Hasher.Hash("secret"u8);

        var encoded = hash.Encode();

        Assert.Matches(@"^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$", encoded);
        Assert.True(PasswordHash.TryParse(encoded, out var parsed));
        Assert.Equal(hash.Iterations, parsed.Iterations);
        Assert.Equal(hash.Salt.ToArray(), parsed.Salt.ToArray());
        Assert.Equal(hash.Key.ToArray(), parsed.Key.ToArray());
        Assert.True(Hasher.Verify("secret"u8, parsed));
    }

    [Fact]
    public void TwoHashesOfOnePassword_DifferBySalt()
    {
        var first = Hasher.Hash("secret"u8);
        var second = Hasher.Hash("secret"u8);

        Assert.NotEqual(first.Salt.ToArray(), second.Salt.ToArray());
        Assert.NotEqual(first.Key.ToArray(), second.Key.ToArray());
        Assert.NotEqual(first.Encode(), second.Encode());
    }

    [Theory]
    [InlineData(1)] // iterations
    [InlineData(2)] // salt
    [InlineData(3)] // key
    public void TamperedHash_DoesNotVerify(int part)
    {
        var parts = Hasher.Hash("secret"u8).Encode().Split('$');
        parts[part] = part == 1 ? "1001" : FlipFirstByte(parts[part]);

        Assert.True(PasswordHash.TryParse(string.Join('$', parts), out var tampered));
        Assert.False(Hasher.Verify("secret"u8, tampered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("PBKDF2-SHA256$PLACEHOLDER")]
    [InlineData("pbkdf2-sha256")]
    [InlineData("pbkdf2-sha256$1000$salt")]
    [InlineData("pbkdf2-sha512$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("PBKDF2-SHA256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$+1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$ 1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1e3$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$10000001$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // salt of 15 bytes
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // salt without padding
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAA AAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // whitespace
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // key of 31 bytes
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // key of 35 bytes
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$not*base64*at*all*not*base64*at*all*not*bas")]
    public void MalformedHash_IsRejected(string? text)
    {
        Assert.False(PasswordHash.TryParse(text, out var hash));
        Assert.Null(hash);
    }

    [Fact]
    public void WellFormedHashOfZeros_IsAccepted()
    {
        // The counterpart of the malformed cases: each of them differs from this one in one part only.
        Assert.True(PasswordHash.TryParse($"pbkdf2-sha256$1000${ValidSalt}${ValidKey}", out var hash));
        Assert.Equal(1000, hash.Iterations);
    }

    [Fact]
    public void ToString_DoesNotRevealTheHash()
    {
        var hash = Hasher.Hash("secret"u8);

        Assert.DoesNotContain(Convert.ToBase64String(hash.Key), hash.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(hash.Salt), hash.ToString(), StringComparison.Ordinal);
    }

    private static string FlipFirstByte(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[0] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
