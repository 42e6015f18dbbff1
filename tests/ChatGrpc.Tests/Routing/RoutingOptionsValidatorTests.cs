using ChatGrpc.Server.Providers.Development;
using ChatGrpc.Server.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Routing;

public sealed class RoutingOptionsValidatorTests
{
    private static RoutingOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new RoutingOptions().BindFrom(configuration);
    }

    private static ValidateOptionsResult Validate(Dictionary<string, string?> settings, bool developmentEnabled = true, params ModelRoute[] routes) =>
        new RoutingOptionsValidator(routes, Options.Create(new DevelopmentModelOptions { Enabled = developmentEnabled })).Validate(null, Bind(settings));

    private static readonly Dictionary<string, string?> s_valid = new()
    {
        ["ChatGrpc:Providers:local:Kind"] = "OpenAI",
        ["ChatGrpc:Providers:local:BaseUrl"] = "http://127.0.0.1:11434/v1",
        ["ChatGrpc:Models:0:Name"] = "llama3:8b",
        ["ChatGrpc:Models:0:Deployments:0:Provider"] = "local",
        ["ChatGrpc:Models:0:Deployments:0:Model"] = "llama3:8b",
    };

    [Fact]
    public void TheIssuesOllamaExample_IsValid()
    {
        Assert.True(Validate(s_valid).Succeeded);
    }

    [Fact]
    public void EveryMistake_IsListedAtOnce()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Providers:a:Kind"] = "Gemini",
            ["ChatGrpc:Providers:a:BaseUrl"] = "not a url",
            ["ChatGrpc:Providers:b:Kind"] = "Anthropic",
            ["ChatGrpc:Providers:b:BaseUrl"] = "ftp://example.com",
            ["ChatGrpc:Providers:b:Timeout"] = "-00:00:01",
            ["ChatGrpc:Models:0:Name"] = "m",
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "missing",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "x",
            ["ChatGrpc:Models:0:Deployments:0:Weight"] = "0",
            ["ChatGrpc:Models:0:Fallbacks:0"] = "nowhere",
            ["ChatGrpc:Models:0:Fallbacks:1"] = "n",
            ["ChatGrpc:Models:0:UnsupportedFields"] = "Ignore",
            ["ChatGrpc:Models:0:ExtraFields"] = "Keep",
            ["ChatGrpc:Models:1:Name"] = "n",
            ["ChatGrpc:Models:1:Deployments:0:Provider"] = "b",
            ["ChatGrpc:Models:1:Deployments:0:Model"] = "claude",
            ["ChatGrpc:Models:1:Fallbacks:0"] = "m",
            ["ChatGrpc:Models:2:Name"] = "m",
            ["ChatGrpc:Models:3:Name"] = "chatgrpc-dev",
            ["ChatGrpc:Models:3:Deployments:0:Provider"] = "b",
            ["ChatGrpc:Models:3:Deployments:0:Model"] = "claude",
            ["ChatGrpc:Models:4:Name"] = "from-code",
            ["ChatGrpc:Models:4:Deployments:0:Provider"] = "b",
            ["ChatGrpc:Models:4:Deployments:0:Model"] = "claude",
        };

        var result = Validate(settings, routes: new ModelRoute("from-code", new NeverCalledProvider()));

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "ChatGrpc:Providers:a:Kind is 'Gemini': expected OpenAI, AzureOpenAI or Anthropic.",
                "ChatGrpc:Providers:a:BaseUrl 'not a url' is not an absolute http or https URL (e.g. https://api.openai.com/v1).",
                "ChatGrpc:Providers:b:BaseUrl 'ftp://example.com' is not an absolute http or https URL (e.g. https://api.anthropic.com).",
                "ChatGrpc:Providers:b:Timeout must be positive (it is -00:00:01).",
                "ChatGrpc:Models:0:UnsupportedFields is 'Ignore': expected Refuse or Drop.",
                "ChatGrpc:Models:0:ExtraFields is 'Keep': expected Pass, Drop or Refuse.",
                "ChatGrpc:Models:0:Deployments:0:Provider names 'missing', which is not a configured provider (ChatGrpc:Providers:<name>).",
                "ChatGrpc:Models:0:Deployments:0:Weight is 0: it must be a positive share of the model's traffic.",
                "ChatGrpc:Models:0:Fallbacks:0 names 'nowhere', which is not a configured model.",
                "ChatGrpc:Models:2:Name serves 'm', which ChatGrpc:Models:0:Name serves already: model names must be unique.",
                "ChatGrpc:Models:2:Deployments is empty: a model needs at least one deployment.",
                "ChatGrpc:Models:3:Name serves 'chatgrpc-dev', which the development model (ChatGrpc:Development:Enabled) serves already: model names must be unique.",
                "ChatGrpc:Models:4:Name serves 'from-code', which a ModelRoute registered in code serves already: model names must be unique.",
                "The fallbacks of ChatGrpc:Models form a cycle: m -> n -> m.",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("1.1", true)]
    [InlineData("3", false)]
    [InlineData("http2", false)]
    public void HttpVersion_IsOneOfTheVersionsSpoken(string version, bool valid)
    {
        var settings = new Dictionary<string, string?>(s_valid) { ["ChatGrpc:Providers:local:HttpVersion"] = version };

        var result = Validate(settings);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal([$"ChatGrpc:Providers:local:HttpVersion is '{version}': expected 1.1 or 2, or nothing for HTTP/2 over TLS where offered."], result.Failures);
        }
    }

    [Fact]
    public void DevelopmentModelTurnedOff_FreesItsName()
    {
        var settings = new Dictionary<string, string?>(s_valid) { ["ChatGrpc:Models:0:Name"] = "chatgrpc-dev" };

        Assert.True(Validate(settings, developmentEnabled: false).Succeeded);
        Assert.True(Validate(settings, developmentEnabled: true).Failed);
    }

    [Fact]
    public void ModelFallingBackOnItself_IsACycle()
    {
        var settings = new Dictionary<string, string?>(s_valid) { ["ChatGrpc:Models:0:Fallbacks:0"] = "llama3:8b" };

        Assert.Equal(["The fallbacks of ChatGrpc:Models form a cycle: llama3:8b -> llama3:8b."], Validate(settings).Failures);
    }

    [Fact]
    public void StartUp_StopsWithOneMessageListingEveryProblem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatGrpc:Providers:a:Kind"] = "Gemini",
            ["ChatGrpc:Models:0:Name"] = "m",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddChatGrpcRouting(configuration);
        services.AddSingleton<IConfiguration>(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ModelRouter>());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains("ChatGrpc:Providers:a:Kind is 'Gemini'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc:Providers:a:BaseUrl is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatGrpc:Models:0:Deployments is empty", error.Message, StringComparison.Ordinal);
    }
}
