using System.Text;
using ChatGrpc.Server.Auth;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

public sealed class VerifiedCredentialCacheTests
{
    private static readonly CredentialDigester s_digester = new(new byte[CredentialDigest.KeyLength]);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void AddedCredential_IsFoundUntilItsLifetimeEnds()
    {
        var cache = new VerifiedCredentialCache(_time, TimeSpan.FromMinutes(5), 10);
        cache.Add(Digest("alice:pw"), "alice");

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGet(Digest("alice:pw"), out var user));
        Assert.Equal("alice", user);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet(Digest("alice:pw"), out user));
        Assert.Null(user);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void OtherCredential_IsNotFound()
    {
        var cache = new VerifiedCredentialCache(_time, TimeSpan.FromMinutes(5), 10);
        cache.Add(Digest("alice:pw"), "alice");

        Assert.False(cache.TryGet(Digest("alice:pw2"), out _));
    }

    [Fact]
    public void Size_StaysWithinCapacity()
    {
        var cache = new VerifiedCredentialCache(_time, TimeSpan.FromMinutes(5), 10);

        for (var i = 0; i < 100; i++)
        {
            cache.Add(Digest($"user{i}:pw"), $"user{i}");
            Assert.InRange(cache.Count, 1, 10);
        }

        Assert.True(cache.TryGet(Digest("user99:pw"), out _));
    }

    [Fact]
    public void WhenFull_ExpiredEntriesGoFirst()
    {
        var cache = new VerifiedCredentialCache(_time, TimeSpan.FromMinutes(5), 4);
        cache.Add(Digest("old1:pw"), "old1");
        cache.Add(Digest("old2:pw"), "old2");
        _time.Advance(TimeSpan.FromMinutes(4));
        cache.Add(Digest("new1:pw"), "new1");
        cache.Add(Digest("new2:pw"), "new2");
        _time.Advance(TimeSpan.FromMinutes(2));

        cache.Add(Digest("new3:pw"), "new3");

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(Digest("new1:pw"), out _));
        Assert.True(cache.TryGet(Digest("new2:pw"), out _));
        Assert.True(cache.TryGet(Digest("new3:pw"), out _));
    }

    [Fact]
    public void ZeroLifetime_RemembersNothing()
    {
        var cache = new VerifiedCredentialCache(_time, TimeSpan.Zero, 10);
        cache.Add(Digest("alice:pw"), "alice");

        Assert.False(cache.TryGet(Digest("alice:pw"), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void DigestsUnderDifferentKeys_Differ()
    {
        var credentials = "alice:pw"u8;
        var otherKey = new byte[CredentialDigest.KeyLength];
        otherKey[0] = 1;

        using var other = new CredentialDigester(otherKey);

        Assert.Equal(s_digester.Compute(credentials), s_digester.Compute(credentials));
        Assert.NotEqual(s_digester.Compute(credentials), other.Compute(credentials));
    }

    private static CredentialDigest Digest(string credentials) => s_digester.Compute(Encoding.UTF8.GetBytes(credentials));
}
