using System.Text.Json;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>One entry of tests/pydantic/deliberate_differences.json: where the gateway answers otherwise than FastAPI, on purpose.</summary>
internal sealed record DeliberateDifference(string Id, string Reason)
{
    public static IReadOnlyDictionary<string, DeliberateDifference> LoadAll()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(PydanticOracle.Folder, "deliberate_differences.json")));
        return document.RootElement.EnumerateArray()
            .Select(static entry => new DeliberateDifference(entry.GetProperty("id").GetString()!, entry.GetProperty("reason").GetString()!))
            .ToDictionary(static entry => entry.Id, StringComparer.Ordinal);
    }
}
