using ChatGrpc.Server.Auth;

namespace ChatGrpc.Tests.Shared;

/// <summary>
/// The real hasher, counting the derivations a check costs (linked into both test projects). It hashes with few
/// iterations unless told otherwise: the integration tests' server hashes with the production count.
/// </summary>
internal sealed class CountingPasswordHasher(int iterations = CountingPasswordHasher.Iterations) : IPasswordHasher
{
    public const int Iterations = 1_000;

    private readonly Pbkdf2PasswordHasher _inner = new(iterations);
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    /// <summary>The iteration count of the hash the last check derived against.</summary>
    public int LastVerifiedIterations { get; private set; }

    /// <summary>When set, a check waits here after counting itself, so a test can hold it in progress.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    public ManualResetEventSlim Entered { get; } = new();

    public PasswordHash Hash(ReadOnlySpan<byte> password) => _inner.Hash(password);

    public bool Verify(ReadOnlySpan<byte> password, PasswordHash expected)
    {
        Interlocked.Increment(ref _verifications);
        LastVerifiedIterations = expected.Iterations;
        Entered.Set();
        Gate?.Wait(TimeSpan.FromSeconds(10));
        return _inner.Verify(password, expected);
    }
}
