using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// <see cref="IFailedSignInThrottle"/> in this process's memory, with the policy of <see cref="BasicAuthOptions"/>:
/// <list type="bullet">
/// <item>Per client address: <see cref="BasicAuthOptions.FailuresBeforeDelay"/> failures are free, the next ones wait
/// <see cref="BasicAuthOptions.FailureDelay"/>, and at <see cref="BasicAuthOptions.FailuresBeforeLockout"/> the address
/// is refused for <see cref="BasicAuthOptions.LockoutDuration"/>; after a lockout it gets one check, and its next
/// failure locks it out for twice as long, up to <see cref="BasicAuthOptions.MaxLockoutDuration"/>. A success does
/// not clear an address's failures, or an attacker with one valid account could reset its own count between guesses.</item>
/// <item>Per user name: at <see cref="BasicAuthOptions.FailuresBeforeLockout"/> failures, from any addresses, the name
/// gets one new check per <see cref="BasicAuthOptions.ThrottledUserCheckInterval"/>: slowed, never locked, so that an
/// attacker cannot keep the real user out; a success clears the name's failures.</item>
/// </list>
/// Everything is forgotten after <see cref="BasicAuthOptions.FailedSignInWindow"/> without a failure, and each table
/// holds at most <see cref="BasicAuthOptions.FailedSignInCapacity"/> records. User names are kept only as a keyed hash,
/// so that memory holds neither a password typed into the user field nor attacker-chosen strings of any length.
/// </summary>
internal sealed class InMemoryFailedSignInThrottle : IFailedSignInThrottle
{
    private const int StackBufferLength = 256;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FailedSignInTable<IPAddress> _addresses;
    private readonly FailedSignInTable<UInt128> _users;
    private readonly byte[] _userNameKey = RandomNumberGenerator.GetBytes(32);
    private readonly long _window;
    private readonly long _failureDelay;
    private readonly long _lockoutDuration;
    private readonly long _maxLockoutDuration;
    private readonly long _userCheckInterval;
    private readonly int _failuresBeforeDelay;
    private readonly int _failuresBeforeLockout;

    public InMemoryFailedSignInThrottle(IOptions<BasicAuthOptions> options, TimeProvider timeProvider, ILogger<InMemoryFailedSignInThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _window = ToTimestampTicks(settings.FailedSignInWindow);
        _failureDelay = ToTimestampTicks(settings.FailureDelay);
        _lockoutDuration = ToTimestampTicks(settings.LockoutDuration);
        _maxLockoutDuration = ToTimestampTicks(settings.MaxLockoutDuration);
        _userCheckInterval = ToTimestampTicks(settings.ThrottledUserCheckInterval);
        _failuresBeforeDelay = settings.FailuresBeforeDelay;
        _failuresBeforeLockout = settings.FailuresBeforeLockout;
        _addresses = new FailedSignInTable<IPAddress>(settings.FailedSignInCapacity, _window);
        _users = new FailedSignInTable<UInt128>(settings.FailedSignInCapacity, _window);
    }

    /// <summary>For tests and tools that build a <see cref="BasicAuthenticator"/> by hand: no logging.</summary>
    internal InMemoryFailedSignInThrottle(IOptions<BasicAuthOptions> options, TimeProvider timeProvider)
        : this(options, timeProvider, NullLogger<InMemoryFailedSignInThrottle>.Instance)
    {
    }

    /// <summary>How many client addresses have failures remembered.</summary>
    public int AddressCount => _addresses.Count;

    /// <summary>How many user names have failures remembered.</summary>
    public int UserNameCount => _users.Count;

    public ValueTask<SignInAdmission> AdmitAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var now = _timeProvider.GetTimestamp();
        var delay = TimeSpan.Zero;
        if (clientAddress is not null)
        {
            var address = ClientAddressKey.For(clientAddress);
            var admission = AdmitAddress(address, _addresses.GetOrAdd(address, now), now);
            if (admission.IsRefused)
            {
                return ValueTask.FromResult(admission);
            }

            delay = admission.Delay;
        }

        // The address has been charged even if the name now refuses: hammering a rationed name still locks the address out.
        var user = AdmitUser(_users.GetOrAdd(HashUserName(userName), now), now);
        return ValueTask.FromResult(user.IsRefused ? user : SignInAdmission.After(delay));
    }

    public ValueTask RecordSuccessAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        TakeBack(userName, clientAddress, clearUserName: true);

    public ValueTask RecordNotCheckedAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        TakeBack(userName, clientAddress, clearUserName: false);

    private ValueTask TakeBack(string userName, IPAddress? clientAddress, bool clearUserName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (clientAddress is not null && _addresses.TryGet(ClientAddressKey.For(clientAddress), out var address))
        {
            lock (address.Lock)
            {
                address.Failures = Math.Max(0, address.Failures - 1);
            }
        }

        if (_users.TryGet(HashUserName(userName), out var user))
        {
            lock (user.Lock)
            {
                if (clearUserName)
                {
                    user.Clear();
                }
                else
                {
                    user.Failures = Math.Max(0, user.Failures - 1);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private SignInAdmission AdmitAddress(IPAddress address, FailedSignInRecord record, long now)
    {
        lock (record.Lock)
        {
            if (record.IsForgotten(now, _window))
            {
                record.Clear();
            }

            if (record.LockedUntil > now)
            {
                return SignInAdmission.Refused(ToTimeSpan(record.LockedUntil - now));
            }

            if (record.Failures >= _failuresBeforeLockout)
            {
                var duration = _lockoutDuration;
                for (var i = 0; i < record.Lockouts && duration < _maxLockoutDuration; i++)
                {
                    duration *= 2;
                }

                duration = Math.Min(duration, _maxLockoutDuration);
                record.Lockouts++;
                record.LockedUntil = now + duration;
                record.LastFailureAt = record.LockedUntil;

                // After the lockout, one more check; its failure locks the address out again, for longer.
                record.Failures = _failuresBeforeLockout - 1;
                BasicAuthLog.ClientAddressLockedOut(_logger, address, record.Lockouts, ToTimeSpan(duration));
                return SignInAdmission.Refused(ToTimeSpan(duration));
            }

            record.Failures++;
            record.LastFailureAt = now;
            return record.Failures > _failuresBeforeDelay ? SignInAdmission.After(ToTimeSpan(_failureDelay)) : SignInAdmission.Now;
        }
    }

    private SignInAdmission AdmitUser(FailedSignInRecord record, long now)
    {
        lock (record.Lock)
        {
            if (record.IsForgotten(now, _window))
            {
                record.Clear();
            }

            if (record.Failures >= _failuresBeforeLockout)
            {
                if (now < record.NextCheckAt)
                {
                    return SignInAdmission.Refused(ToTimeSpan(record.NextCheckAt - now));
                }

                record.NextCheckAt = now + _userCheckInterval;
            }

            record.Failures++;
            record.LastFailureAt = now;
            if (record.Failures == _failuresBeforeLockout)
            {
                // Once per wave, and without the name, which may be a password typed into the wrong field.
                BasicAuthLog.UserNameRationed(_logger, _failuresBeforeLockout);
            }

            return SignInAdmission.Now;
        }
    }

    private UInt128 HashUserName(string userName)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        UserNameDigest.Compute(_userNameKey, userName, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private long ToTimestampTicks(TimeSpan span) =>
        (long)Math.Min(long.MaxValue / 4, span.Ticks * (double)_timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);

    // Rounded up, so that a refusal never says "retry after zero".
    private TimeSpan ToTimeSpan(long timestampTicks) =>
        TimeSpan.FromTicks((long)Math.Ceiling(timestampTicks * (double)TimeSpan.TicksPerSecond / _timeProvider.TimestampFrequency));
}
