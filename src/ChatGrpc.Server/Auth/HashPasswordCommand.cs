using System.Security.Cryptography;
using System.Text;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// <c>ChatGrpc.Server hash-password</c>: reads one password line from standard input and prints its hash for
/// <c>ChatGrpc:Auth:Users</c>. Reading a pipe rather than an argument keeps the password out of shell history and
/// process listings: <c>printf '%s' 'secret' | dotnet run --no-launch-profile --project src/ChatGrpc.Server -- hash-password</c>
/// (without <c>--no-launch-profile</c>, <c>dotnet run</c> itself first prints a line about launch settings).
/// </summary>
internal static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public const int Success = 0;
    public const int UsageError = 2;

    public static int Run(TextReader input, TextWriter output, TextWriter error) => Run(input, output, error, new Pbkdf2PasswordHasher());

    internal static int Run(TextReader input, TextWriter output, TextWriter error, IPasswordHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(hasher);

        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine($"{Name}: no password on standard input. Usage: printf '%s' '<password>' | ChatGrpc.Server {Name}");
            return UsageError;
        }

        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            output.WriteLine(hasher.Hash(passwordBytes).Encode());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }

        return Success;
    }
}
