using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Hosting;

if (args is [HashPasswordCommand.Name, ..])
{
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error);
}

var app = ChatGrpcApplication.Build(args);
await app.RunAsync();
return 0;
