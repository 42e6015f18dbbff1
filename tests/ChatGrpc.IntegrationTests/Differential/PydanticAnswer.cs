using System.Text.Json;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>FastAPI's answer to <paramref name="Body"/> per tests/pydantic/oracle.py, and the deliberate differences that apply to it.</summary>
/// <param name="Detail">The 422's <c>detail</c>; null for any other status.</param>
/// <param name="Deliberate">Ids of tests/pydantic/deliberate_differences.json whose reason is present in the body.</param>
internal sealed record PydanticAnswer(string Body, int Status, JsonElement? Detail, IReadOnlyList<string> Deliberate);
