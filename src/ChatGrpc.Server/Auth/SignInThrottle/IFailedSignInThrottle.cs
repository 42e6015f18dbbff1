using System.Net;

namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// Remembers failed sign-ins per client address and per user name, and decides whether the next password check may
/// run. Asked only when a credential is not in <see cref="VerifiedCredentialCache"/>, so a client that signed in
/// recently is never throttled. Behind an interface so that instances can share the state (Redis) later;
/// <see cref="InMemoryFailedSignInThrottle"/> keeps it in the process.
/// </summary>
/// <remarks>
/// An admitted check counts as a failure from the moment it is admitted until <see cref="RecordSuccessAsync"/> says
/// otherwise, so a burst of concurrent attempts cannot all slip in before the first of them fails. User names are
/// whatever the client sent (known or not, so that throttling does not tell which users exist) and must not be logged.
/// </remarks>
internal interface IFailedSignInThrottle
{
    /// <summary>Before a password check: admits it (counting it as failed for now), possibly after a delay, or refuses it.</summary>
    /// <param name="clientAddress">The connection's remote address; null when unknown, and then only the user name is throttled.</param>
    ValueTask<SignInAdmission> AdmitAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken);

    /// <summary>After an admitted check that succeeded: takes back its failure, and clears the user name's failures.</summary>
    ValueTask RecordSuccessAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken);

    /// <summary>
    /// After an admitted check that never ran (no room to queue it): takes back its failure, so that a client refused
    /// because others keep the checks busy is not locked out for it.
    /// </summary>
    ValueTask RecordNotCheckedAsync(string userName, IPAddress? clientAddress, CancellationToken cancellationToken);
}
