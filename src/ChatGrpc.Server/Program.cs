using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;

if (args is [HashPasswordCommand.Name, ..])
{
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error);
}

if (args is [CreateApiKeyCommand.Name, .. var createApiKeyArguments])
{
    return CreateApiKeyCommand.Run(createApiKeyArguments, Console.Out, Console.Error);
}

try
{
    // The application's own directory is the content root, so appsettings.json is found wherever it is started from.
    var app = ChatGrpcApplication.Build(args, contentRoot: AppContext.BaseDirectory);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return 1;
}
