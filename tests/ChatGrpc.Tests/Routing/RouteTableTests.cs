using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatGrpc.Tests.Routing;

public sealed class RouteTableTests
{
    private static RouteTable Build(ConfiguredModels models, params ModelRoute[] routes) =>
        new(models.Options, routes, models.Factory, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public void Names_ListTheRoutesRegisteredInCodeFirst_ThenTheConfiguredModelsInOrder()
    {
        var models = new ConfiguredModels();
        models.Add("zeta", new ScriptedProvider("zeta"));
        models.Add("alpha", new ScriptedProvider("alpha"));

        var table = Build(models, new ModelRoute("in-code", new ScriptedProvider("in-code")));

        Assert.Equal(["in-code", "zeta", "alpha"], table.Names);
        Assert.Equal(["in-code", "zeta", "alpha"], table.Models.Select(static m => m.Name));
        Assert.True(table.Contains("alpha"));
        Assert.False(table.Contains("Alpha"));
    }

    [Fact]
    public void Chain_IsTheModelThenEachFallbackFollowedByItsOwn_EachModelOnce()
    {
        var models = new ConfiguredModels();
        models.Add("a", new ScriptedProvider("a"), "b", "d");
        models.Add("b", new ScriptedProvider("b"), "c", "a");
        models.Add("c", new ScriptedProvider("c"));
        models.Add("d", new ScriptedProvider("d"), "c");

        var table = Build(models, new ModelRoute("in-code", new ScriptedProvider("in-code")));

        Assert.Equal(["a", "b", "c", "d"], table.Find("a").Chain.Select(static m => m.Name));
        Assert.Equal(["b", "c", "a", "d"], table.Find("b").Chain.Select(static m => m.Name));
        Assert.Equal(["c"], table.Find("c").Chain.Select(static m => m.Name));
        Assert.Equal(["in-code"], table.Find("in-code").Chain.Select(static m => m.Name));
    }

    [Fact]
    public void Find_UnknownModel_IsNotFoundOnTheModelField_NamingTheServedModels()
    {
        var models = new ConfiguredModels();
        models.Add("a", new ScriptedProvider("a"));

        var error = Assert.Throws<ChatCompletionException>(() => Build(models).Find("b"));

        Assert.Equal(ChatErrorKind.NotFound, error.Kind);
        Assert.Equal("model", error.Param);
        Assert.Equal("The model 'b' does not exist or is not served by this gateway. Served models: a.", error.Message);
    }

    [Fact]
    public void AModelRoutedTwice_IsRefusedWhenTheTableIsBuilt()
    {
        var models = new ConfiguredModels();
        models.Add("a", new ScriptedProvider("a"));

        var error = Assert.Throws<InvalidOperationException>(() => Build(models, new ModelRoute("a", new ScriptedProvider("a"))));

        Assert.Equal("The model 'a' is routed twice.", error.Message);
    }

    [Fact]
    public void HighestPrice_IsTheHighestOfEachPriceAcrossTheModelAndItsFallbacks()
    {
        var models = new ConfiguredModels();
        var primary = models.Add("primary", [("cheap", new ScriptedProvider("cheap")), ("dear", new ScriptedProvider("dear"))], "fallback");
        primary.Price = new PriceOptions { InputPerMillionTokens = 1m, OutputPerMillionTokens = 2m };
        primary.Deployments[1].Price = new PriceOptions { InputPerMillionTokens = 3m };
        var fallback = models.Add("fallback", new ScriptedProvider("fallback"));
        fallback.Price = new PriceOptions { InputPerMillionTokens = 0.5m, OutputPerMillionTokens = 8m, CachedInputPerMillionTokens = 0.25m };
        models.Add("unpriced", new ScriptedProvider("unpriced"));

        var table = Build(models);

        Assert.Equal(new TokenPrice(3m, 8m, 3m), table.HighestPrice("primary"));
        Assert.Equal(new TokenPrice(0.5m, 8m, 0.25m), table.HighestPrice("fallback"));
        Assert.Null(table.HighestPrice("unpriced"));
        Assert.Null(table.HighestPrice("not-served"));
    }

    [Fact]
    public void DeploymentsOfOneLimitedUpstream_ShareItsLimiter_AndAnUnlimitedUpstreamHasNone()
    {
        var models = new ConfiguredModels();
        models.Options.Providers["p"].MaxConcurrentCalls = 2;
        models.Options.Providers["free"] = new ProviderOptions { Kind = "OpenAI", BaseUrl = "http://127.0.0.1:2/v1" };
        models.Add("a", new ScriptedProvider("a"));
        var b = models.Add("b", [("b", new ScriptedProvider("b")), ("b-free", new ScriptedProvider("b-free"))]);
        b.Deployments[1].Provider = "free";

        var table = Build(models);

        var limiter = table.Find("a").Deployments.Single().Limiter;
        Assert.NotNull(limiter);
        Assert.Same(limiter, table.Find("b").Deployments[0].Limiter);
        Assert.Null(table.Find("b").Deployments[1].Limiter);
        Assert.Equal(["p/b", "free/b-free"], table.Find("b").Deployments.Select(static d => d.Label));
    }
}
