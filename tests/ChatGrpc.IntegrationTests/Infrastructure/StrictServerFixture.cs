namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>The gateway in strict mode: keys the schema does not have are answered with 422 <c>extra_forbidden</c>.</summary>
public sealed class StrictServerFixture : ChatGrpcServerFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["ChatGrpc:Validation:RejectUnknownFields"] = "true",
    };
}
