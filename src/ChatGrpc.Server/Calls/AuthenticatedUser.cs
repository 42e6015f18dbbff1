using Grpc.Core;

namespace ChatGrpc.Server.Calls;

/// <summary>The user authentication (<c>Auth/</c>) authenticated for the current call, for later code to read.</summary>
internal static class AuthenticatedUser
{
    /// <summary>The <see cref="HttpContext.Items"/> key holding the user name (also visible as <see cref="ServerCallContext.UserState"/>).</summary>
    public const string ItemKey = "ChatGrpc.AuthenticatedUser";

    /// <summary>The <see cref="HttpContext.Items"/> key holding the API key's name, when the call was signed in with a key.</summary>
    public const string KeyNameItemKey = "ChatGrpc.AuthenticatedKeyName";

    /// <summary>The configured user name, or null when the call was not authenticated (the exempt health service).
    /// A call signed in with an API key gets the key's user.</summary>
    public static string? GetName(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Items.TryGetValue(ItemKey, out var name) ? name as string : null;
    }

    /// <inheritdoc cref="GetName(HttpContext)"/>
    public static string? GetName(ServerCallContext context) => GetName(context.GetHttpContext());

    /// <summary>
    /// The configured <c>&lt;name&gt;</c> of <c>ChatGrpc:Auth:ApiKeys:&lt;name&gt;</c> when the call was signed in with
    /// that API key; null when it was signed in with Basic credentials, or not at all.
    /// </summary>
    public static string? GetKeyName(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Items.TryGetValue(KeyNameItemKey, out var name) ? name as string : null;
    }

    /// <inheritdoc cref="GetKeyName(HttpContext)"/>
    public static string? GetKeyName(ServerCallContext context) => GetKeyName(context.GetHttpContext());

    internal static void Set(HttpContext httpContext, string userName, string? keyName = null)
    {
        httpContext.Items[ItemKey] = userName;
        if (keyName is null)
        {
            httpContext.Items.Remove(KeyNameItemKey);
        }
        else
        {
            httpContext.Items[KeyNameItemKey] = keyName;
        }
    }
}
