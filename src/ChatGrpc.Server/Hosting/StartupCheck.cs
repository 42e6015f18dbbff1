using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>
/// Builds, before the server listens, everything a call would otherwise build on first use (the rule plan of the
/// validator, the routes, the pipeline), so that a mistake stops start-up instead of failing every request of a server
/// that reports itself healthy. Every problem found is reported at once in a <see cref="StartupException"/>.
/// </summary>
internal sealed class StartupCheck(IServiceProvider services, IOptions<BasicAuthOptions> authOptions, IHostEnvironment environment, ILogger<StartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        Build<ChatRequestValidator>(problems);
        Build<ChatCompletionPipeline>(problems);
        if (problems.Count > 0)
        {
            throw new StartupException(problems);
        }

        if (authOptions.Value.Users.Count == 0)
        {
            ChatGrpcLog.NoUsersConfigured(logger, environment.EnvironmentName, "ChatGrpc:Auth:Users");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Build<T>(List<string> problems)
        where T : notnull
    {
        try
        {
            services.GetRequiredService<T>();
        }
        catch (OptionsValidationException exception)
        {
            problems.AddRange(exception.Failures);
        }
        catch (StartupException exception)
        {
            problems.AddRange(exception.Problems);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            problems.Add(exception.Message);
        }
    }
}
