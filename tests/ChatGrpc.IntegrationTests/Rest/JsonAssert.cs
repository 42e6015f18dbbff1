using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary>Compares whole JSON documents, so that a failure shows both.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual}");
    }
}
