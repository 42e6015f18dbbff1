using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Hosting;

/// <summary>Turns what stops start-up into one message for the operator, instead of an unhandled-exception dump.</summary>
internal static class StartupFailure
{
    /// <returns>The message, or null when <paramref name="exception"/> is not a start-up problem (a bug: let it surface).</returns>
    public static string? Describe(Exception exception)
    {
        if (Problems(exception) is not { } problems)
        {
            return null;
        }

        return problems.Count == 1
            ? $"ChatGrpc cannot start: {problems[0]}"
            : $"ChatGrpc cannot start; {problems.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem));
    }

    /// <returns>Every problem <paramref name="exception"/> reports, or null when it is not a start-up problem.</returns>
    public static IReadOnlyList<string>? Problems(Exception exception)
    {
        var problems = new List<string>();
        return Collect(exception, problems) ? problems : null;
    }

    private static bool Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case StartupException startup:
                problems.AddRange(startup.Problems);
                return true;
            case OptionsValidationException options:
                problems.AddRange(options.Failures);
                return true;
            case IOException io:
                // Kestrel's "address already in use" and the like: the message names the address.
                problems.Add(io.Message);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, problems));
            default:
                return false;
        }
    }
}
