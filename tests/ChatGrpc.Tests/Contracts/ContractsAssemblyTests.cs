using ChatGrpc.V1;

namespace ChatGrpc.Tests.Contracts;

/// <summary>ChatGrpc.Contracts is what client services reference: messages and client stubs, no server framework.</summary>
public sealed class ContractsAssemblyTests
{
    [Fact]
    public void Contracts_DoNotReferenceTheAspNetCoreServerFramework()
    {
        var references = typeof(ChatService.ChatServiceClient).Assembly.GetReferencedAssemblies().Select(reference => reference.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Grpc.Core.Api", references);
    }
}
