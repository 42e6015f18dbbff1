namespace ChatGrpc.Server.Auth;

/// <summary>
/// Who the administrators are, as <c>ChatGrpc:Auth:Admins</c> says now (reloaded with the users): ask with the name
/// <see cref="Calls.AuthenticatedUser.GetName(Microsoft.AspNetCore.Http.HttpContext)"/> gives for the call. A key acts as its
/// user, so a call signed in with an admin's API key is an admin's call.
/// </summary>
internal interface IAdminDirectory
{
    /// <summary>Whether <paramref name="user"/> (a configured user name, case-sensitive) is an administrator.</summary>
    bool IsAdmin(string user);
}
