using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Access.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// <see cref="IFailedSignInThrottle"/> shared by every instance through Redis, with exactly the policy of
/// <see cref="InMemoryFailedSignInThrottle"/> (the same <see cref="BasicAuthOptions"/>), so that an attacker gains
/// nothing by spreading guesses over instances. Each admission and each take-back is one Lua script, so one round trip
/// and atomic (<c>admit-sign-in.lua</c>, <c>take-back-sign-in.lua</c>), timed by Redis's clock. A client address is
/// kept under <c>{prefix}signin:address:&lt;address&gt;</c> (normalized by <see cref="ClientAddressKey"/>), a user name
/// under <c>{prefix}signin:user:&lt;hash&gt;</c>; each key expires when its record would be forgotten (a window after
/// its last failure or the end of its lockout), which also replaces the in-memory tables' capacity bound.
/// </summary>
/// <remarks>
/// <para>
/// User names are whatever the client sent, perhaps a password typed into the wrong field, so they are stored only as
/// HMAC-SHA256, truncated to 128 bits (ample against collisions between names). Every instance must compute the same
/// hash, so the key is derived from <see cref="AccessOptions.SignInHashKey"/>, a secret the instances share through
/// configuration; without it, from a fixed domain string: names then still stay out of Redis's memory, dumps and
/// <c>MONITOR</c> in clear, but someone who can read Redis can test a guessed name against a key.
/// </para>
/// <para>
/// While Redis is unreachable, whatever <see cref="AccessOptions.RedisFailure"/> says, sign-ins are throttled by an
/// <see cref="InMemoryFailedSignInThrottle"/> (per instance meanwhile; refusing every new sign-in would let an outage
/// lock everyone out), logged once per outage, and Redis is asked again on every call, so sharing resumes as soon as
/// it answers. What was counted in memory stays there. A take-back goes to wherever the store is now: a check admitted
/// just before the switch may keep its failure on one side, or take back one on the other, at most one per check.
/// </para>
/// </remarks>
internal sealed class RedisFailedSignInThrottle : IFailedSignInThrottle
{
    private const int StackBufferLength = 256;
    private const int UserNameHashLength = 16;

    // Far beyond any sensible setting, and small enough that Redis's clock plus it, doubled, stays exact in Lua's doubles.
    private const long MaxMilliseconds = 1L << 44;

    private static readonly string s_admitScript = RedisConnection.ReadScript("admit-sign-in");
    private static readonly string s_takeBackScript = RedisConnection.ReadScript("take-back-sign-in");
    private static readonly byte[] s_defaultUserNameKey = SHA256.HashData("ChatGrpc failed sign-ins: user names, v1"u8);

    private readonly byte[] _userNameKey;
    private readonly RedisConnection _redis;
    private readonly InMemoryFailedSignInThrottle _fallback;
    private readonly ILogger _logger;
    private readonly RedisValue[] _admitArguments;
    private readonly int _failuresBeforeLockout;
    private readonly RedisOutage _outage = new();

    public RedisFailedSignInThrottle(
        RedisConnection redis,
        InMemoryFailedSignInThrottle fallback,
        IOptions<BasicAuthOptions> options,
        ILogger<RedisFailedSignInThrottle> logger,
        IOptions<AccessOptions>? access = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        _userNameKey = access?.Value.SignInHashKey is { Length: > 0 } secret
            ? SHA256.HashData(Encoding.UTF8.GetBytes("ChatGrpc failed sign-ins: user names, v1\n" + secret))
            : s_defaultUserNameKey;
        _redis = redis;
        _fallback = fallback;
        _logger = logger;
        _failuresBeforeLockout = settings.FailuresBeforeLockout;
        _admitArguments =
        [
            Milliseconds(settings.FailedSignInWindow),
            Milliseconds(settings.FailureDelay),
            Milliseconds(settings.LockoutDuration),
            Milliseconds(settings.MaxLockoutDuration),
            Milliseconds(settings.ThrottledUserCheckInterval),
            settings.FailuresBeforeDelay,
            settings.FailuresBeforeLockout,
        ];
    }

    /// <summary>True from a call that found Redis unreachable until the next one that reached it.</summary>
    public bool IsFailing => _outage.IsOngoing;

    public async ValueTask<SignInAdmission> AdmitAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        RedisResult result;
        try
        {
            result = await _redis.Database.ScriptEvaluateAsync(s_admitScript, Keys(userName, clientAddress), _admitArguments).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisConnection.IsUnreachable(exception))
        {
            Failed(exception);
            return await _fallback.AdmitAsync(userName, clientAddress, cancellationToken).ConfigureAwait(false);
        }

        Recovered();
        var values = (long[])result!;
        var (refused, wait, lockouts, rationed) = (values[0] != 0, TimeSpan.FromMilliseconds(values[1]), (int)values[2], values[3] != 0);
        if (lockouts > 0)
        {
            BasicAuthLog.ClientAddressLockedOut(_logger, ClientAddressKey.For(clientAddress!), lockouts, wait);
        }

        if (rationed)
        {
            // Once per wave across every instance (only the script call that reached the threshold says so), and
            // without the name, which may be a password typed into the wrong field.
            BasicAuthLog.UserNameRationed(_logger, _failuresBeforeLockout);
        }

        return refused ? SignInAdmission.Refused(wait) : SignInAdmission.After(wait);
    }

    public ValueTask RecordSuccessAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        TakeBackAsync(userName, clientAddress, clearUserName: true, cancellationToken);

    public ValueTask RecordNotCheckedAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        TakeBackAsync(userName, clientAddress, clearUserName: false, cancellationToken);

    private async ValueTask TakeBackAsync(string userName, IPAddress? clientAddress, bool clearUserName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        try
        {
            await _redis.Database.ScriptEvaluateAsync(s_takeBackScript, Keys(userName, clientAddress), [clearUserName ? 1 : 0]).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisConnection.IsUnreachable(exception))
        {
            Failed(exception);
            if (clearUserName)
            {
                await _fallback.RecordSuccessAsync(userName, clientAddress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _fallback.RecordNotCheckedAsync(userName, clientAddress, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        Recovered();
    }

    private RedisKey[] Keys(string userName, IPAddress? clientAddress)
    {
        RedisKey user = $"{_redis.KeyPrefix}signin:user:{HashUserName(userName)}";
        return clientAddress is null ? [user] : [user, $"{_redis.KeyPrefix}signin:address:{ClientAddressKey.For(clientAddress)}"];
    }

    private void Failed(Exception exception)
    {
        if (_outage.Begin())
        {
            AccessLog.SignInsThrottledInMemory(_logger, exception);
        }
    }

    private void Recovered()
    {
        if (_outage.End())
        {
            AccessLog.SharedSignInThrottleRestored(_logger);
        }
    }

    private string HashUserName(string userName)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        UserNameDigest.Compute(_userNameKey, userName, hash);
        return Convert.ToHexStringLower(hash[..UserNameHashLength]);
    }

    // Rounded up, as the in-memory throttle rounds its refusals: a positive setting never becomes zero.
    private static long Milliseconds(TimeSpan span) => (long)Math.Min(MaxMilliseconds, Math.Ceiling(span.TotalMilliseconds));
}
