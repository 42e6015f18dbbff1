namespace ChatGrpc.Server.Providers.Http;

/// <summary>An upstream's answer, or one event of its stream, went past its <see cref="UpstreamReadLimits"/>: it was dropped unread.</summary>
internal sealed class UpstreamAnswerTooLargeException(string what, long limit, string setting)
    : Exception($"The upstream sent {what} larger than {limit} bytes ({setting}).")
{
    /// <summary>The configuration key that sets the limit, with <c>&lt;name&gt;</c> for the provider's name.</summary>
    public string Setting { get; } = setting;

    public long Limit { get; } = limit;
}
