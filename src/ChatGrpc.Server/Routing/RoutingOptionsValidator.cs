using System.Globalization;
using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Providers.Development;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Checks the providers and models as a whole at start-up and reports every mistake at once, each with the
/// configuration key to fix: a wrong kind, a bad URL, a deployment naming a missing provider, a fallback naming a
/// missing model, fallbacks in a cycle, a name served twice (configured models, the development model and routes
/// registered in code share one namespace).
/// </summary>
internal sealed class RoutingOptionsValidator(IEnumerable<ModelRoute> routes, IOptions<DevelopmentModelOptions> development) : OptionsValidator<RoutingOptions>
{
    protected override void Check(RoutingOptions options, List<string> problems)
    {
        foreach (var (providerName, provider) in options.Providers)
        {
            ValidateProvider($"{RoutingOptions.ProvidersSectionName}:{providerName}", provider, problems);
        }

        var served = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DevelopmentModelEnabled())
        {
            served[DevelopmentModelProvider.ModelId] = "the development model (ChatGrpc:Development:Enabled)";
        }

        foreach (var route in routes)
        {
            Claim(served, route.Model, $"a ModelRoute registered in code", problems);
        }

        for (var i = 0; i < options.Models.Count; i++)
        {
            var key = $"{RoutingOptions.ModelsSectionName}:{i}";
            var model = options.Models[i];
            if (string.IsNullOrWhiteSpace(model.Name))
            {
                problems.Add($"{key}:Name is missing: every model needs the public name callers send.");
            }
            else
            {
                Claim(served, model.Name, $"{key}:Name", problems);
            }

            ValidateModel(key, model, options, problems);
        }

        ValidateFallbackCycles(options, problems);
        ValidateResilience(options.Resilience, problems);
    }

    /// <summary>
    /// Whether the development model claims its name. Its own section failing its own validator is reported by that
    /// validator; here it must not hide the routing problems found with it, so it counts as not enabled.
    /// </summary>
    private bool DevelopmentModelEnabled()
    {
        try
        {
            return development.Value.Enabled;
        }
        catch (OptionsValidationException)
        {
            return false;
        }
    }

    private static void Claim(Dictionary<string, string> served, string model, string by, List<string> problems)
    {
        if (!served.TryAdd(model, by))
        {
            problems.Add($"{by} serves '{model}', which {served[model]} serves already: model names must be unique.");
        }
    }

    private static void ValidateProvider(string key, ProviderOptions provider, List<string> problems)
    {
        if (!Enum.TryParse<ProviderKind>(provider.Kind, ignoreCase: true, out var kind) || int.TryParse(provider.Kind, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(provider.Kind is null
                ? $"{key}:Kind is missing: expected OpenAI, AzureOpenAI or Anthropic."
                : $"{key}:Kind is '{provider.Kind}': expected OpenAI, AzureOpenAI or Anthropic.");
        }

        if (string.IsNullOrWhiteSpace(provider.BaseUrl))
        {
            problems.Add($"{key}:BaseUrl is missing (e.g. {ExampleUrl(kind)}).");
        }
        else if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{key}:BaseUrl '{provider.BaseUrl}' is not an absolute http or https URL (e.g. {ExampleUrl(kind)}).");
        }
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problems.Add($"{key}:BaseUrl must not have a query or fragment; the gateway adds the path (and Azure's api-version) itself.");
        }

        problems.RequirePositive($"{key}:Timeout", provider.Timeout);
        problems.RequireAtLeast($"{key}:MaxConcurrentCalls", provider.MaxConcurrentCalls, 1);
        problems.RequireNotNegative($"{key}:QueueLength", provider.QueueLength);
        problems.RequirePositive($"{key}:MaxResponseBytes", provider.MaxResponseBytes);
        problems.RequirePositive($"{key}:MaxEventBytes", provider.MaxEventBytes);
        problems.RequirePositive($"{key}:FirstChunkTimeout", provider.FirstChunkTimeout);

        if (provider.HttpVersion is not (null or "1.1" or "2"))
        {
            problems.Add($"{key}:HttpVersion is '{provider.HttpVersion}': expected 1.1 or 2, or nothing for HTTP/2 over TLS where offered.");
        }

        foreach (var (header, value) in provider.Headers)
        {
            if (header.Length == 0 || header.Any(static c => c <= ' ' || c >= 127 || c == ':') || value.Any(static c => c is '\r' or '\n'))
            {
                problems.Add($"{key}:Headers:{header} is not a valid header name and value.");
            }
        }
    }

    private static string ExampleUrl(ProviderKind kind) => kind switch
    {
        ProviderKind.AzureOpenAI => "https://NAME.openai.azure.com",
        ProviderKind.Anthropic => "https://api.anthropic.com",
        _ => "https://api.openai.com/v1",
    };

    private static void ValidateModel(string key, ModelOptions model, RoutingOptions options, List<string> problems)
    {
        if (model.UnsupportedFields is not null && !Enum.TryParse<UnsupportedFieldMode>(model.UnsupportedFields, ignoreCase: true, out _)
            || int.TryParse(model.UnsupportedFields, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"{key}:UnsupportedFields is '{model.UnsupportedFields}': expected Refuse or Drop.");
        }

        if (model.ExtraFields is not null && !Enum.TryParse<ExtraFieldMode>(model.ExtraFields, ignoreCase: true, out _)
            || int.TryParse(model.ExtraFields, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"{key}:ExtraFields is '{model.ExtraFields}': expected Pass, Drop or Refuse.");
        }

        if (model.Deployments.Count == 0)
        {
            problems.Add($"{key}:Deployments is empty: a model needs at least one deployment.");
        }

        for (var j = 0; j < model.Deployments.Count; j++)
        {
            var deployment = model.Deployments[j];
            var deploymentKey = $"{key}:Deployments:{j}";
            if (string.IsNullOrWhiteSpace(deployment.Provider))
            {
                problems.Add($"{deploymentKey}:Provider is missing.");
            }
            else if (!options.Providers.ContainsKey(deployment.Provider))
            {
                problems.Add($"{deploymentKey}:Provider names '{deployment.Provider}', which is not a configured provider (ChatGrpc:Providers:<name>).");
            }

            if (string.IsNullOrWhiteSpace(deployment.Model))
            {
                problems.Add($"{deploymentKey}:Model is missing: the upstream's model id (Azure: the deployment name).");
            }

            if (deployment.Weight <= 0)
            {
                problems.Add($"{deploymentKey}:Weight is {deployment.Weight}: it must be a positive share of the model's traffic.");
            }
        }

        DeploymentPrices.Validate(key, model, problems);
        for (var k = 0; k < model.Fallbacks.Count; k++)
        {
            var fallback = model.Fallbacks[k];
            if (!options.Models.Any(m => string.Equals(m.Name, fallback, StringComparison.Ordinal)))
            {
                problems.Add($"{key}:Fallbacks:{k} names '{fallback}', which is not a configured model.");
            }
        }
    }

    private static void ValidateFallbackCycles(RoutingOptions options, List<string> problems)
    {
        var fallbacks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var model in options.Models)
        {
            if (model.Name is not null)
            {
                fallbacks.TryAdd(model.Name, model.Fallbacks);
            }
        }

        // Each cycle is reported once, from the first model (in configuration order) on it.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in fallbacks.Keys)
        {
            if (reported.Contains(start))
            {
                continue;
            }

            var path = new List<string>();
            if (FindCycle(start, start, fallbacks, path, new HashSet<string>(StringComparer.Ordinal)))
            {
                reported.UnionWith(path);
                problems.Add($"The fallbacks of ChatGrpc:Models form a cycle: {string.Join(" -> ", path)} -> {start}.");
            }
        }
    }

    private static bool FindCycle(string start, string current, Dictionary<string, List<string>> fallbacks, List<string> path, HashSet<string> visited)
    {
        if (!visited.Add(current))
        {
            return false;
        }

        path.Add(current);
        if (fallbacks.TryGetValue(current, out var next))
        {
            foreach (var fallback in next)
            {
                if (string.Equals(fallback, start, StringComparison.Ordinal) || FindCycle(start, fallback, fallbacks, path, visited))
                {
                    return true;
                }
            }
        }

        path.RemoveAt(path.Count - 1);
        return false;
    }

    private static void ValidateResilience(ResilienceOptions resilience, List<string> problems)
    {
        const string key = RoutingOptions.ResilienceSectionName;
        if (resilience.MaxRetries is < 0 or > 10)
        {
            problems.Add($"{key}:MaxRetries must be between 0 and 10.");
        }

        if (resilience.RetryDelay < TimeSpan.Zero || resilience.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add($"{key}:RetryDelay and MaxRetryAfter must not be negative.");
        }

        if (resilience.DefaultTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{key}:DefaultTimeout must be positive.");
        }

        // Polly's own bounds for its circuit breaker.
        if (resilience.BreakerFailureRatio is <= 0 or > 1)
        {
            problems.Add($"{key}:BreakerFailureRatio must be above 0 and at most 1.");
        }

        if (resilience.BreakerMinimumThroughput < 2)
        {
            problems.Add($"{key}:BreakerMinimumThroughput must be at least 2.");
        }

        if (resilience.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || resilience.BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"{key}:BreakerSamplingDuration and BreakerBreakDuration must be at least 0.5 s.");
        }
    }
}
