namespace ChatGrpc.Server.Hosting;

/// <summary>What <c>--help</c> prints: how to start the gateway, the one command it has, and where its settings are.</summary>
internal static class CommandLineUsage
{
    public const string Text = """
        ChatGrpc: a chat-completions gateway (gRPC, and OpenAI's REST wire format).

        Usage:
          ChatGrpc.Server [--<setting>=<value>]...    start the gateway
          ChatGrpc.Server hash-password               read a password on standard input, print its hash
          ChatGrpc.Server --help                      print this and exit

        Settings are ASP.NET Core configuration: appsettings.json, environment variables
        (ChatGrpc__Auth__Users__alice=...), or the command line (--ChatGrpc:Development:Enabled=false).
        The environment is ASPNETCORE_ENVIRONMENT (default Production). In Development the gateway listens on
        127.0.0.1 only (REST :8080, gRPC :8081) and has the user dev / dev-password; in any other environment it
        listens on every interface (0.0.0.0) unless Kestrel:Endpoints:Rest:Url and Kestrel:Endpoints:Grpc:Url say
        otherwise, and has only the users you configure.
        Every setting is listed in README.md, section Configuration.

        """;

    /// <summary>Whether a command-line argument asks for this text.</summary>
    public static bool AsksForHelp(string argument) => argument is "--help" or "-h" or "-?" or "/?";
}
