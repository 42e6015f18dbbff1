using ChatGrpc.Server.Access;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Access;

/// <summary>The windows of the in-memory store, on a fake clock (Redis's script mirrors them; see the integration tests).</summary>
public sealed class MemoryUsageStoreTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 27, 12, 0, 0, 250, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(s_start);
    private readonly MemoryUsageStore _store;

    public MemoryUsageStoreTests() => _store = new MemoryUsageStore(_time);

    [Fact]
    public async Task RequestsPerMinute_NoSixtySecondWindowEverHoldsMoreThanTheLimit()
    {
        var limits = new UsageLimits(RequestsPerMinute: 2, null, null);
        Assert.True((await Reserve(limits)).Granted);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Reserve(limits)).Granted);
        _time.Advance(TimeSpan.FromSeconds(29.9));
        var refused = await Reserve(limits);

        // The first request was 59.9 s ago: still inside a 60 s window, and free again once its second has left.
        Assert.Equal(LimitKind.RequestsPerMinute, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromMilliseconds(850), refused.RetryAfter);
        _time.Advance(refused.RetryAfter);
        Assert.True((await Reserve(limits)).Granted);
    }

    [Fact]
    public async Task Decisions_ReportTheWindowForTheHeaders()
    {
        var limits = new UsageLimits(10, 1000, 5000);

        var first = await Reserve(limits, tokens: 300);
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = await Reserve(limits, tokens: 200);

        Assert.Equal(2, second.RequestsUsed);
        Assert.Equal(500, second.TokensUsed);
        Assert.Equal(500, second.DayTokensUsed);
        Assert.Equal(TimeSpan.FromSeconds(61) - TimeSpan.FromMilliseconds(250), second.RequestsReset);
        Assert.Equal(first.Reservation!.Second + 10, second.Reservation!.Second);
        Assert.Equal(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(250), second.DayReset);
    }

    [Fact]
    public async Task TokensPerMinute_RetryAfterIsWhenEnoughOldTokensHaveLeft()
    {
        var limits = new UsageLimits(null, TokensPerMinute: 1000, null);
        await Reserve(limits, tokens: 400);
        _time.Advance(TimeSpan.FromSeconds(20));
        await Reserve(limits, tokens: 400);
        _time.Advance(TimeSpan.FromSeconds(20));

        var refused = await Reserve(limits, tokens: 300);

        // 100 tokens too many: the oldest bucket (400) frees enough when it leaves, 61 s after its second began.
        Assert.Equal(LimitKind.TokensPerMinute, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromSeconds(21) - TimeSpan.FromMilliseconds(250), refused.RetryAfter);
        Assert.Equal(800, refused.TokensUsed);
    }

    [Fact]
    public async Task Settling_ReplacesTheEstimateWithTheRealUsage()
    {
        var limits = new UsageLimits(null, 1000, 1000);
        var granted = await Reserve(limits, tokens: 900);

        await _store.SettleAsync(granted.Reservation!, usedTokens: 150, CancellationToken.None);
        var next = await Reserve(limits, tokens: 800);

        Assert.True(next.Granted);
        Assert.Equal(950, next.TokensUsed);
        Assert.Equal(950, next.DayTokensUsed);
    }

    [Fact]
    public async Task Settling_ALongCallsExcess_CountsNowWhenItsReservationHasLeftTheWindow()
    {
        var limits = new UsageLimits(null, 1000, null);
        var granted = await Reserve(limits, tokens: 100);
        _time.Advance(TimeSpan.FromMinutes(2));

        await _store.SettleAsync(granted.Reservation!, usedTokens: 400, CancellationToken.None);
        var next = await Reserve(limits, tokens: 0);

        Assert.Equal(300, next.TokensUsed);
    }

    [Fact]
    public async Task TokensPerDay_AreCountedPerUtcDay()
    {
        var limits = new UsageLimits(null, null, TokensPerDay: 1000);
        await Reserve(limits, tokens: 1000);
        var refused = await Reserve(limits, tokens: 1);
        _time.Advance(refused.RetryAfter);
        var tomorrow = await Reserve(limits, tokens: 1);

        Assert.Equal(LimitKind.TokensPerDay, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(250), refused.RetryAfter);
        Assert.True(tomorrow.Granted);
        Assert.Equal(1, tomorrow.DayTokensUsed);
    }

    [Fact]
    public async Task Users_AreCountedApart()
    {
        var limits = new UsageLimits(1, null, null);

        Assert.True((await _store.ReserveAsync("a", limits, 0, CancellationToken.None)).Granted);
        Assert.True((await _store.ReserveAsync("b", limits, 0, CancellationToken.None)).Granted);
        Assert.False((await _store.ReserveAsync("a", limits, 0, CancellationToken.None)).Granted);
    }

    private ValueTask<UsageDecision> Reserve(UsageLimits limits, long tokens = 0) => _store.ReserveAsync("user", limits, tokens, CancellationToken.None);
}
