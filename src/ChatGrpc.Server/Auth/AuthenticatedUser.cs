using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Server.Auth;

/// <summary>The user <see cref="BasicAuthInterceptor"/> authenticated for the current call, for later code to read.</summary>
internal static class AuthenticatedUser
{
    /// <summary>The <see cref="HttpContext.Items"/> key holding the user name (also visible as <see cref="ServerCallContext.UserState"/>).</summary>
    public const string ItemKey = "ChatGrpc.AuthenticatedUser";

    /// <summary>The configured user name, or null when the call was not authenticated (the exempt health service).</summary>
    public static string? GetName(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Items.TryGetValue(ItemKey, out var name) ? name as string : null;
    }

    /// <inheritdoc cref="GetName(HttpContext)"/>
    public static string? GetName(ServerCallContext context) => GetName(context.GetHttpContext());

    internal static void Set(HttpContext httpContext, string userName) => httpContext.Items[ItemKey] = userName;
}
