using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Ends a read once <see cref="ValidationLimits.MaxProblems"/> problems are known: reading on would only add more.</summary>
internal sealed class ProblemLimitReachedException : Exception
{
    public ProblemLimitReachedException()
        : base($"More than {ValidationLimits.MaxProblems} problems.")
    {
    }
}
