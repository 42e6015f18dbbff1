using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>
/// The gateway with one more user, <see cref="AttackedUser"/>, whose hash has production cost (600,000 iterations),
/// so that every wrong password for it, and every unknown user, costs what it would in production. Counts the
/// derivations the server runs.
/// </summary>
public sealed class FailedSignInServerFixture : ChatGrpcServerFixture
{
    public const string AttackedUser = "victim";

    private static readonly string AttackedUserHash = new Pbkdf2PasswordHasher().Hash(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())).Encode();

    internal CountingPasswordHasher Hasher { get; } = new(Pbkdf2PasswordHasher.DefaultIterations);

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        [$"ChatGrpc:Auth:Users:{AttackedUser}"] = AttackedUserHash,
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(Hasher));
}
