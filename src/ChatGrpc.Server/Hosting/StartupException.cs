namespace ChatGrpc.Server.Hosting;

/// <summary>The configuration or the contract cannot be served; every problem found is listed (<see cref="StartupFailure"/> shows them).</summary>
internal sealed class StartupException : Exception
{
    public StartupException(IReadOnlyList<string> problems)
        : base(string.Join(" ", problems))
    {
        Problems = problems;
    }

    public StartupException()
        : this([])
    {
    }

    public StartupException(string message)
        : this([message])
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
