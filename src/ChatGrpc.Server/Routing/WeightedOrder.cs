namespace ChatGrpc.Server.Routing;

/// <summary>
/// The order a model's deployments are tried in: healthy ones first, drawn by weight without replacement
/// (Efraimidis and Spirakis: each gets the key -ln(u)/weight, smallest first), so that a deployment of weight 3 is
/// first three times as often as one of weight 1; deployments whose breaker is open come last, in configuration order.
/// </summary>
internal static class WeightedOrder
{
    public static Deployment[] Arrange(IReadOnlyList<Deployment> deployments, Random random)
    {
        if (deployments.Count == 1)
        {
            return [deployments[0]];
        }

        var keys = new double[deployments.Count];
        var order = new Deployment[deployments.Count];
        for (var i = 0; i < deployments.Count; i++)
        {
            order[i] = deployments[i];

            // 1 - NextDouble() is in (0, 1], so the logarithm is finite.
            var key = -Math.Log(1 - random.NextDouble()) / deployments[i].Weight;
            keys[i] = deployments[i].IsHealthy ? key : double.PositiveInfinity;
        }

        // A stable sort keeps unhealthy deployments (all keyed infinity) in configuration order.
        var indices = Enumerable.Range(0, order.Length).OrderBy(i => keys[i]).ToArray();
        return indices.Select(i => order[i]).ToArray();
    }
}
