using ChatGrpc.Server.Calls;

namespace ChatGrpc.Server.Routing;

/// <summary>Merges a deployment's price over its model's, and checks the result at start-up.</summary>
internal static class DeploymentPrices
{
    /// <summary>The deployment's price; null when neither it nor its model has one (its calls are unpriced).</summary>
    public static TokenPrice? Of(ModelOptions model, DeploymentOptions deployment)
    {
        var input = deployment.Price?.InputPerMillionTokens ?? model.Price?.InputPerMillionTokens;
        var output = deployment.Price?.OutputPerMillionTokens ?? model.Price?.OutputPerMillionTokens;
        var cached = deployment.Price?.CachedInputPerMillionTokens ?? model.Price?.CachedInputPerMillionTokens;
        if (input is null && output is null && cached is null)
        {
            return null;
        }

        return new TokenPrice(input ?? 0, output ?? 0, cached ?? input ?? 0);
    }

    /// <summary>Adds a problem for each negative price and for a price that names one side of a call but not the other.</summary>
    public static void Validate(string modelKey, ModelOptions model, List<string> problems)
    {
        ValidateValues($"{modelKey}:Price", model.Price, problems);
        for (var j = 0; j < model.Deployments.Count; j++)
        {
            var deployment = model.Deployments[j];
            var key = $"{modelKey}:Deployments:{j}:Price";
            ValidateValues(key, deployment.Price, problems);
            var input = deployment.Price?.InputPerMillionTokens ?? model.Price?.InputPerMillionTokens;
            var output = deployment.Price?.OutputPerMillionTokens ?? model.Price?.OutputPerMillionTokens;
            var cached = deployment.Price?.CachedInputPerMillionTokens ?? model.Price?.CachedInputPerMillionTokens;
            if ((input is null || output is null) && (input ?? output ?? cached) is not null)
            {
                // Half a price would make every call look cheaper than it is.
                problems.Add($"{key} has {(input is null ? "no InputPerMillionTokens" : "no OutputPerMillionTokens")} (here or at {modelKey}:Price): a priced deployment needs both, in USD per million tokens (0 is a price).");
            }
        }
    }

    private static void ValidateValues(string key, PriceOptions? price, List<string> problems)
    {
        if (price is null)
        {
            return;
        }

        Check(nameof(PriceOptions.InputPerMillionTokens), price.InputPerMillionTokens);
        Check(nameof(PriceOptions.OutputPerMillionTokens), price.OutputPerMillionTokens);
        Check(nameof(PriceOptions.CachedInputPerMillionTokens), price.CachedInputPerMillionTokens);

        void Check(string name, decimal? value)
        {
            if (value < 0)
            {
                problems.Add($"{key}:{name} is {value}: a price is a number of US dollars per million tokens, 0 or more.");
            }
        }
    }
}
