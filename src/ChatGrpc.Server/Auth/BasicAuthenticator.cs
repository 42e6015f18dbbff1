using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatGrpc.Server.Auth.SignInThrottle;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Checks the <c>Authorization</c> header of a call against the configured users. A credential seen recently is
/// answered from <see cref="VerifiedCredentialCache"/> in a couple of microseconds without allocating, and is never
/// throttled. Otherwise <see cref="IFailedSignInThrottle"/> admits the check (possibly after a delay) or refuses it,
/// and the deliberately slow password check runs once on a <see cref="PasswordCheckQueue"/> thread, never on the
/// caller's, shared by concurrent calls that carry the same credential. An API key (<c>Authorization: Bearer</c>) is
/// checked against <see cref="ConfiguredApiKeys"/> in about a microsecond, with no cache or queue to need.
/// </summary>
internal sealed class BasicAuthenticator : IDisposable
{
    /// <summary>What a check refused because <see cref="BasicAuthOptions.MaxQueuedPasswordChecks"/> checks already wait
    /// is told: about how long a few checks take to drain.</summary>
    public static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(1);

    // Keys are ApiKey.Length characters; a longer token is wrong without hashing it, and room is left for a longer format.
    private const int MaxApiKeyLength = 256;

    // Larger credentials (unusual) are decoded into a pooled array instead of the stack.
    private const int StackBufferLength = 256;

    private readonly UserDirectory _users;
    private readonly VerifiedCredentialCache _cache;
    private readonly IFailedSignInThrottle _throttle;
    private readonly PasswordCheckQueue _checks;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CredentialDigester _digester = new();
    private readonly ConcurrentDictionary<CredentialDigest, Task<AuthenticationResult>> _checksInProgress = new();

    public BasicAuthenticator(
        IOptions<BasicAuthOptions> options,
        UserDirectory users,
        IPasswordHasher hasher,
        TimeProvider timeProvider,
        IFailedSignInThrottle throttle,
        ILogger<BasicAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(throttle);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        _users = users;
        _cache = new VerifiedCredentialCache(timeProvider, settings.VerifiedCredentialLifetime, settings.VerifiedCredentialCapacity);
        // A removed user, or a changed password, must not keep signing in from memory.
        _users.Changed += _ => _cache.Clear();
        _throttle = throttle;
        _checks = new PasswordCheckQueue(hasher, settings.MaxConcurrentPasswordChecks, settings.MaxQueuedPasswordChecks);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Checks the credentials of an HTTP request; null when the client left while they were checked, when there is
    /// nobody to answer and nothing worth logging.
    /// </summary>
    public async ValueTask<AuthenticationResult?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await AuthenticateAsync(context.Request.Headers.Authorization, context.Connection.RemoteIpAddress, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>For tests and tools that build one by hand: <see cref="InMemoryFailedSignInThrottle"/> with the same
    /// options, no logging.</summary>
    public BasicAuthenticator(IOptions<BasicAuthOptions> options, IPasswordHasher hasher, TimeProvider timeProvider)
        : this(options, UserDirectory.Fixed(options), hasher, timeProvider, new InMemoryFailedSignInThrottle(options, timeProvider), NullLogger<BasicAuthenticator>.Instance)
    {
    }

    /// <param name="authorization">Every <c>Authorization</c> header value the call carried.</param>
    /// <param name="clientAddress">The connection's remote address, for throttling failed sign-ins; null when unknown.</param>
    /// <param name="cancellationToken">The call's: stops this caller's wait, not a check that others may share.</param>
    public ValueTask<AuthenticationResult> AuthenticateAsync(StringValues authorization, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        if (authorization.Count == 0 || string.IsNullOrEmpty(authorization[0]))
        {
            return ValueTask.FromResult(AuthenticationResult.MissingCredentials);
        }

        if (authorization.Count == 1 && BearerTokenParser.TryGetToken(authorization[0], out var bearer))
        {
            return AuthenticateApiKey(bearer, clientAddress, cancellationToken);
        }

        if (authorization.Count > 1 || !BasicCredentialParser.TryGetToken(authorization[0], out var token))
        {
            return ValueTask.FromResult(AuthenticationResult.MalformedCredentials);
        }

        var maxLength = BasicCredentialParser.GetMaxDecodedLength(token);
        byte[]? rented = null;
        var buffer = maxLength <= StackBufferLength
            ? stackalloc byte[StackBufferLength]
            : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        var length = 0;
        try
        {
            if (!BasicCredentialParser.TryDecode(token, buffer, out length, out var separatorIndex))
            {
                return ValueTask.FromResult(AuthenticationResult.MalformedCredentials);
            }

            var credentials = buffer[..length];
            var digest = _digester.Compute(credentials);
            if (_cache.TryGet(digest, out var userName))
            {
                return ValueTask.FromResult(AuthenticationResult.Authenticated(userName));
            }

            // The slow path may wait for another call's check, so it needs its own copies.
            return new ValueTask<AuthenticationResult>(CheckAsync(
                digest,
                Encoding.UTF8.GetString(credentials[..separatorIndex]),
                credentials[(separatorIndex + 1)..].ToArray(),
                clientAddress,
                cancellationToken));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// An API key: found among the keys as configured now and not expired at this call's time, it signs in at once,
    /// never throttled (like a remembered Basic credential: a valid 256-bit key cannot be a guess). Anything else is an
    /// incorrect credential, counted as a failed sign-in of the client's address (and of the token, by a digest), and
    /// refused as throttled once the address is locked out.
    /// </summary>
    private ValueTask<AuthenticationResult> AuthenticateApiKey(ReadOnlySpan<char> token, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        // A token longer than any key is not hashed: its length says nothing about the keys.
        var key = token.Length <= MaxApiKeyLength ? _users.Current.ApiKeys.Find(token) : null;
        if (key is not null && !key.IsExpired(_timeProvider.GetUtcNow()))
        {
            return ValueTask.FromResult(AuthenticationResult.AuthenticatedWithKey(key));
        }

        return new ValueTask<AuthenticationResult>(RecordFailedApiKeyAsync(ApiKeyFailureName(token), clientAddress, cancellationToken));
    }

    private async Task<AuthenticationResult> RecordFailedApiKeyAsync(string failureName, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var admission = await _throttle.AdmitAsync(failureName, clientAddress, cancellationToken);
        if (admission.IsRefused)
        {
            return AuthenticationResult.Throttled(admission.RetryAfter!.Value);
        }

        // The check has run; the delay only slows the answer, as it slows a wrong password's.
        if (admission.Delay > TimeSpan.Zero)
        {
            await Task.Delay(admission.Delay, _timeProvider, cancellationToken);
        }

        return AuthenticationResult.IncorrectApiKey;
    }

    /// <summary>
    /// What the throttle counts a failed key under in place of a user name: a digest of the token, so the token (perhaps
    /// a real key just expired) is never handed on, and a client retrying one stale key is rationed like a user name. It
    /// has a colon, so no Basic user name (the text before the first colon) is ever the same.
    /// </summary>
    private static string ApiKeyFailureName(ReadOnlySpan<char> token)
    {
        Span<byte> digest = stackalloc byte[ApiKeyHash.Length];
        ApiKeyHash.Compute(token[..Math.Min(token.Length, MaxApiKeyLength)], digest);
        return "api-key:" + Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Lets the password check threads finish what is queued, then end.</summary>
    public void Dispose()
    {
        _checks.Dispose();
        _digester.Dispose();
    }

    private Task<AuthenticationResult> CheckAsync(CredentialDigest digest, string userName, byte[] password, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<AuthenticationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = _checksInProgress.GetOrAdd(digest, completion.Task);
        if (check == completion.Task)
        {
            // Not cancellable: other calls with the same credential may await it, and a verified credential is worth
            // remembering even if this caller has gone. Its cost is bounded by the throttle and the queue, not the caller.
            _ = RunCheckAsync(completion, digest, userName, password, clientAddress);
        }
        else
        {
            CryptographicOperations.ZeroMemory(password);
        }

        return check.WaitAsync(cancellationToken);
    }

    private async Task RunCheckAsync(TaskCompletionSource<AuthenticationResult> completion, CredentialDigest digest, string userName, byte[] password, IPAddress? clientAddress)
    {
        AuthenticationResult result = default;
        Exception? failure = null;
        try
        {
            result = await CheckAsync(digest, userName, password, clientAddress);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        // Gone from the table before anyone hears the answer, so that a caller's next call starts a check of its own.
        _checksInProgress.TryRemove(KeyValuePair.Create(digest, completion.Task));
        if (failure is null)
        {
            completion.SetResult(result);
        }
        else
        {
            completion.SetException(failure);
        }
    }

    private async Task<AuthenticationResult> CheckAsync(CredentialDigest digest, string userName, byte[] password, IPAddress? clientAddress)
    {
        if (_cache.TryGet(digest, out var cached))
        {
            return AuthenticationResult.Authenticated(cached);
        }

        var admission = await _throttle.AdmitAsync(userName, clientAddress, CancellationToken.None);
        if (admission.IsRefused)
        {
            return AuthenticationResult.Throttled(admission.RetryAfter!.Value);
        }

        if (admission.Delay > TimeSpan.Zero)
        {
            await Task.Delay(admission.Delay, _timeProvider);
        }

        // An unknown user costs the same derivation as a known one, so timing does not tell which users exist.
        var users = _users.Current;
        var known = users.Hashes.TryGetValue(userName, out var expected);
        if (!_checks.TryEnqueue(password, expected ?? users.UnknownUserHash, out var verification))
        {
            BasicAuthLog.PasswordCheckQueueFull(_logger, _checks.Admitted);
            await _throttle.RecordNotCheckedAsync(userName, clientAddress, CancellationToken.None);
            return AuthenticationResult.Throttled(QueueFullRetryAfter);
        }

        if (!await verification || !known)
        {
            return AuthenticationResult.IncorrectCredentials;
        }

        // Checked against users that have since changed: the answer stands for this call, but is not remembered.
        if (ReferenceEquals(users, _users.Current))
        {
            _cache.Add(digest, userName);
        }

        await _throttle.RecordSuccessAsync(userName, clientAddress, CancellationToken.None);
        return AuthenticationResult.Authenticated(userName);
    }
}
