using ChatGrpc.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.Access;

public sealed class AccessStartUpTests
{
    [Fact]
    public void InvalidLimit_StopsStartUp()
    {
        var error = Assert.Throws<StartupException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Access:Users:bob:RequestsPerMinute"] = "0",
        })));

        Assert.Equal(["ChatGrpc:Access:Users:bob:RequestsPerMinute must be positive (leave it out for no limit); it is 0."], error.Problems);
    }

    [Fact]
    public void MalformedConnectionString_StopsStartUp_WithoutRepeatingIt()
    {
        var error = Assert.Throws<StartupException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Access:Store"] = "Redis",
            ["ConnectionStrings:Redis"] = "127.0.0.1:6379,password=hunter2,connectTimeout=soon",
        })));

        Assert.Equal(["ConnectionStrings:Redis is not a StackExchange.Redis configuration string (e.g. 127.0.0.1:6379,password=...)."], error.Problems);
    }

    [Fact]
    public void RedisStoreWithoutAConnectionString_StopsStartUp()
    {
        var error = Assert.Throws<StartupException>(() => ChatGrpcApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["ChatGrpc:Access:Store"] = "Redis",
        })));

        Assert.Equal(["ConnectionStrings:Redis must be set when ChatGrpc:Access:Store is Redis."], error.Problems);
    }
}
