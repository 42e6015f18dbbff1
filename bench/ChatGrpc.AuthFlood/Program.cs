using ChatGrpc.AuthFlood;

// Usage: dotnet run -c Release --project bench/ChatGrpc.AuthFlood -- [--duration 20] [--rate 200] [--attackers 32] [--addresses distinct|shared]
var settings = FloodSettings.Parse(args);
return await FloodRun.RunAsync(settings);
