using ChatGrpc.Server.Validation;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>
/// The union member names the gateway puts in locations (<see cref="JsonShapes"/>) are the ones Pydantic v2 gives the
/// request model written with OpenAI's type names: tests/pydantic/union_names.py reads them off real validation errors.
/// </summary>
public sealed class PydanticUnionNameTests
{
    [PydanticFact]
    public async Task UnionMemberNames_AreThePydanticModelsOwn()
    {
        using var pydantic = await PydanticOracle.RunScriptAsync("union_names.py");
        var expected = pydantic.RootElement.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.GetString()!);

        var actual = JsonShapes.AllMemberNames().ToDictionary(static m => m.Key, static m => m.Value);

        Assert.Equal(expected.OrderBy(static e => e.Key), actual.OrderBy(static e => e.Key));
    }
}
