namespace ChatGrpc.Server.Auth;

/// <summary><c>ChatGrpc.Server hash-password</c>. (Stub: being written.)</summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static int Run(TextReader input, TextWriter output, TextWriter error) => throw new NotImplementedException();
}
