using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Configuration;

// Usage: ChatGrpc.YarpPassThrough --port 5002 --upstream http://127.0.0.1:5001
// Production, logging at Warning, HTTP/1.1 on loopback: the same footing as ChatGrpc's REST endpoint in bench/run.
var port = int.Parse(Arg("--port") ?? "5002", System.Globalization.CultureInfo.InvariantCulture);
var upstream = Arg("--upstream") ?? "http://127.0.0.1:5001";

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseKestrel(options =>
{
    options.Limits.MaxConcurrentConnections = null;
    options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
});
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**path}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["mock"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
