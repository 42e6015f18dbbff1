using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Validation;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>
/// Runs before the server maps its endpoints or listens: validates every options class, and builds everything a call
/// would otherwise build on first use (the validator's rule plan, the routes, the pipeline), so that a mistake stops
/// start-up instead of failing every request of a server that reports itself healthy. Every problem found is
/// reported at once, in one <see cref="StartupException"/>.
/// </summary>
internal static class StartupCheck
{
    public static void Run(IServiceProvider services)
    {
        var problems = new List<string>();
        Check(problems, () => services.GetService<IStartupValidator>()?.Validate());
        Check(problems, () => services.GetRequiredService<ChatRequestValidator>());
        Check(problems, () => services.GetRequiredService<ChatCompletionPipeline>());
        if (problems.Count > 0)
        {
            // Building a service re-reads options the validator already refused: each problem once.
            throw new StartupException([.. problems.Distinct(StringComparer.Ordinal)]);
        }

        if (services.GetRequiredService<IOptions<BasicAuthOptions>>().Value.Users.Count == 0)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupCheck).FullName!);
            ChatGrpcLog.NoUsersConfigured(logger, services.GetRequiredService<IHostEnvironment>().EnvironmentName, BasicAuthOptions.SectionName + ":" + nameof(BasicAuthOptions.Users));
        }
    }

    private static void Check(List<string> problems, Action build)
    {
        try
        {
            build();
        }
        catch (Exception exception) when (StartupFailure.Problems(exception) is { } found)
        {
            problems.AddRange(found);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            problems.Add(exception.Message);
        }
    }
}
