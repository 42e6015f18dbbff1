using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ChatGrpc.Server.Auth;

namespace ChatGrpc.Tests.Auth;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Create_MakesACgkPrefixedKeyOf32RandomBytesInBase64Url()
    {
        var key = ApiKey.Create();

        Assert.StartsWith("cgk_", key, StringComparison.Ordinal);
        Assert.Equal(47, key.Length);
        Assert.Equal(ApiKey.Length, key.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(key.AsSpan(4)).Length);
        Assert.NotEqual(key, ApiKey.Create());
    }

    [Fact]
    public void Encode_IsSha256OfTheWholeKeyInLowercaseHex_WithItsAlgorithmName()
    {
        const string key = "cgk_example";

        var encoded = ApiKeyHash.Of(key).Encode();

        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), encoded);
        Assert.Equal("sha256$".Length + 64, encoded.Length);
    }

    [Fact]
    public void TryParse_ReadsWhatEncodeWrites_InEitherCase()
    {
        var hash = ApiKeyHash.Of(ApiKey.Create());

        Assert.True(ApiKeyHash.TryParse(hash.Encode(), out var lower));
        Assert.True(ApiKeyHash.TryParse("sha256$" + Convert.ToHexString(hash.Digest), out var upper));
        Assert.Equal(hash.Digest.ToArray(), lower.Digest.ToArray());
        Assert.Equal(hash.Digest.ToArray(), upper.Digest.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256$")]
    [InlineData("sha256$00")]
    [InlineData("sha512$0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("SHA256$0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256$000000000000000000000000000000000000000000000000000000000000000g")]
    [InlineData("sha256$ 000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256$00000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=")]
    [InlineData("cgk_notahash")]
    public void TryParse_RefusesAnythingElse(string? text)
    {
        Assert.False(ApiKeyHash.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2027-01-31T00:00:00Z", "2027-01-31T00:00:00+00:00")]
    [InlineData("2027-01-31T10:30:00+02:00", "2027-01-31T08:30:00+00:00")]
    [InlineData("2027-01-31T10:30:00.250Z", "2027-01-31T10:30:00.250+00:00")]
    [InlineData("2027-01-31T10:30:00", "2027-01-31T10:30:00+00:00")]
    [InlineData("2027-01-31", "2027-01-31T00:00:00+00:00")]
    public void Expiry_IsIso8601_AndWithoutAnOffsetIsUtc(string text, string expected)
    {
        Assert.True(ApiKey.TryParseExpiry(text, out var expiresAt));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), expiresAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("31/01/2027")]
    [InlineData("01/31/2027 00:00")]
    [InlineData("2027-13-01")]
    public void Expiry_OtherTextIsRefused(string text)
    {
        Assert.False(ApiKey.TryParseExpiry(text, out _));
    }

    [Fact]
    public void ConfiguredKeys_FindAKeyByItsHash_AndNothingElse()
    {
        var key = ApiKey.Create();
        var keys = new ConfiguredApiKeys(new Dictionary<string, ApiKeyOptions>
        {
            ["ci"] = new() { User = "alice", Hash = ApiKeyHash.Of(key).Encode(), ExpiresAt = "2030-01-01" },
        });

        var found = keys.Find(key);

        Assert.Equal(new ConfiguredApiKey("ci", "alice", found!.Hash, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), found);
        Assert.Null(keys.Find(ApiKey.Create()));
        Assert.Null(keys.Find(key.AsSpan(0, key.Length - 1)));
        Assert.Null(keys.Find(key + "A"));
        Assert.Null(keys.Find(""));
    }
}
