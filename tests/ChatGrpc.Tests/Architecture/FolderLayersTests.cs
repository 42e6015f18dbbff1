using ChatGrpc.Server.Hosting;

namespace ChatGrpc.Tests.Architecture;

/// <summary>
/// The rule the server's folders follow, written down once: a call goes down the layers (adapters, then the pipeline,
/// access, routing, providers, the OpenAI codec) and every reference between folders points down too. A folder may
/// reference any folder of a lower layer and none of its own or a higher one, so no dependency cycle can form.
/// The README's "Architecture" section quotes this list.
/// </summary>
public sealed class FolderLayersTests
{
    internal static readonly string[][] Layers =
    [
        ["(root)"],                              // Program: the composition root's entry
        ["Hosting"],                             // registration and endpoints: reaches every feature
        ["Admin", "Health"],                     // the operator's surfaces
        ["Grpc"],                                // the gRPC adapter (and the transcoded REST route it hosts)
        ["Auth"],                                // who is calling: the gate, the interceptor, users and keys
        ["Rest"],                                // the REST adapter: body, answers, the REST error renderer
        ["Completions"],                         // the one pipeline both transports call
        ["Access"],                              // per-user models, limits and budgets
        ["Routing"],                             // model name -> deployments, the attempt loop
        ["Providers"],                           // upstream kinds and the built-in model
        ["OpenAi", "Telemetry", "Limits"],       // the wire codec; spans, metrics and the call log; load shedding
        ["UsageRecords", "Tokens", "Logging"],   // the usage database; token counting; log plumbing
        ["Calls", "Configuration"],              // what one call is; settings that reload
        ["Errors"],                              // the one table of failures (a validation failure carries its problems)
        ["Validation"],                          // Pydantic's vocabulary and the buf.validate rule evaluator
    ];

    private static readonly FolderGraph Graph = FolderGraph.Read(typeof(ChatGrpcApplication).Assembly.Location);

    [Fact]
    public void EveryFolder_HasALayer()
    {
        var placed = Layers.SelectMany(layer => layer).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(Graph.Edges.Keys, folder => !placed.Contains(folder));
    }

    [Fact]
    public void EveryReference_PointsToALowerLayer()
    {
        var layerOf = Layers.SelectMany((layer, index) => layer.Select(folder => (folder, index)))
            .ToDictionary(pair => pair.folder, pair => pair.index, StringComparer.Ordinal);
        var upward = Graph.Edges
            .SelectMany(pair => pair.Value.Select(to => (From: pair.Key, To: to)))
            .Where(edge => layerOf.ContainsKey(edge.From) && layerOf.ContainsKey(edge.To) && layerOf[edge.To] <= layerOf[edge.From])
            .Select(edge => $"{edge.From} -> {edge.To} ({string.Join(", ", Graph.Reasons[(edge.From, edge.To)])})")
            .ToList();
        Assert.True(upward.Count == 0, "References that point up or sideways:\n" + string.Join("\n", upward));
    }
}
