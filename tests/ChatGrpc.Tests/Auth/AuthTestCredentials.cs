using System.Text;

namespace ChatGrpc.Tests.Auth;

/// <summary>Builds Authorization header values.</summary>
internal static class AuthTestCredentials
{
    public static string Basic(string user, string password) => Basic($"{user}:{password}");

    public static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    public static string BasicOfBytes(params byte[] credentials) => "Basic " + Convert.ToBase64String(credentials);
}
