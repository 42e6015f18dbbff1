using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Admin;

/// <summary>The one admin check of the operator's page and its data: users named in <c>ChatGrpc:Auth:Admins</c>.</summary>
internal sealed class AdminAccess(IAdminDirectory admins)
{
    public const string NotAdminMessage = "Only the users named in ChatGrpc:Auth:Admins may see the operator's page and its data. Sign in as one of them, or ask the gateway's operators to add your user there.";

    /// <exception cref="ChatCompletionException">403 for a signed-in user who is not an admin.</exception>
    public void Demand(string? user)
    {
        if (user is null || !admins.IsAdmin(user))
        {
            throw new ChatCompletionException(ChatErrorKind.PermissionDenied, NotAdminMessage);
        }
    }
}
