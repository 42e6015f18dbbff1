using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Checks the <c>Authorization</c> header of a call against the configured users. A credential seen recently is
/// answered from <see cref="VerifiedCredentialCache"/> in a couple of microseconds without allocating; otherwise the
/// deliberately slow password check runs once, shared by concurrent calls that carry the same credential.
/// </summary>
public sealed class BasicAuthenticator
{
    // Larger credentials (unusual) are decoded into a pooled array instead of the stack.
    private const int StackBufferLength = 256;

    private readonly FrozenDictionary<string, PasswordHash> _users;
    private readonly PasswordHash _unknownUserHash;
    private readonly IPasswordHasher _hasher;
    private readonly VerifiedCredentialCache _cache;
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(CredentialDigest.KeyLength);
    private readonly ConcurrentDictionary<CredentialDigest, Task<string?>> _checksInProgress = new();

    public BasicAuthenticator(IOptions<BasicAuthOptions> options, IPasswordHasher hasher, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hasher);
        var settings = options.Value;
        _users = settings.Users.ToFrozenDictionary(
            user => user.Key,
            user => PasswordHash.TryParse(user.Value, out var hash)
                ? hash
                : throw new InvalidOperationException(BasicAuthOptionsValidator.DescribeInvalidHash(user.Key)),
            StringComparer.Ordinal);
        _unknownUserHash = CreateUnknownUserHash(_users.Values);
        _hasher = hasher;
        _cache = new VerifiedCredentialCache(timeProvider, settings.VerifiedCredentialLifetime, settings.VerifiedCredentialCapacity);
    }

    /// <param name="authorization">Every <c>Authorization</c> header value the call carried.</param>
    public ValueTask<AuthenticationResult> AuthenticateAsync(StringValues authorization)
    {
        if (authorization.Count == 0 || string.IsNullOrEmpty(authorization[0]))
        {
            return ValueTask.FromResult(AuthenticationResult.MissingCredentials);
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
            var digest = CredentialDigest.Compute(_digestKey, credentials);
            if (_cache.TryGet(digest, out var userName))
            {
                return ValueTask.FromResult(AuthenticationResult.Authenticated(userName));
            }

            // The slow path may wait for another call's check, so it needs its own copies.
            return new ValueTask<AuthenticationResult>(CheckAsync(
                digest,
                Encoding.UTF8.GetString(credentials[..separatorIndex]),
                credentials[(separatorIndex + 1)..].ToArray()));
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

    private async Task<AuthenticationResult> CheckAsync(CredentialDigest digest, string userName, byte[] password)
    {
        var completion = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = _checksInProgress.GetOrAdd(digest, completion.Task);
        if (check != completion.Task)
        {
            CryptographicOperations.ZeroMemory(password);
            return ToResult(await check);
        }

        // This call runs the check, synchronously; any other call with the same credential awaits its answer.
        try
        {
            var verifiedUser = _cache.TryGet(digest, out var cached) ? cached : Check(digest, userName, password);
            completion.SetResult(verifiedUser);
            return ToResult(verifiedUser);
        }
        catch (Exception exception)
        {
            completion.SetException(exception);
            throw;
        }
        finally
        {
            _checksInProgress.TryRemove(KeyValuePair.Create(digest, completion.Task));
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private string? Check(CredentialDigest digest, string userName, byte[] password)
    {
        // An unknown user costs the same derivation as a known one, so timing does not tell which users exist.
        var known = _users.TryGetValue(userName, out var expected);
        if (!_hasher.Verify(password, expected ?? _unknownUserHash) || !known)
        {
            return null;
        }

        _cache.Add(digest, userName);
        return userName;
    }

    private static AuthenticationResult ToResult(string? verifiedUser) =>
        verifiedUser is null ? AuthenticationResult.IncorrectCredentials : AuthenticationResult.Authenticated(verifiedUser);

    private static PasswordHash CreateUnknownUserHash(IEnumerable<PasswordHash> configured)
    {
        // Random salt and key: no password derives to it. As many iterations as the costliest real hash.
        var iterations = configured.Select(hash => hash.Iterations).DefaultIfEmpty(Pbkdf2PasswordHasher.DefaultIterations).Max();
        return new PasswordHash(
            iterations,
            RandomNumberGenerator.GetBytes(PasswordHash.SaltLength),
            RandomNumberGenerator.GetBytes(PasswordHash.KeyLength));
    }
}
