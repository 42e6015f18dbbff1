using System.Globalization;
using System.Text;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// What was tried for one call, in order, so that the caller's one error says where it went: each deployment,
/// how it failed (status, timeout, open breaker) and after how long. Never a URL, a key or an upstream's own text.
/// </summary>
internal sealed class AttemptLog
{
    private readonly List<string> _entries = [];
    private bool _anyNotTimeout;
    private bool _allRateLimited = true;
    private bool _allAtCapacity = true;
    private bool _allNotFound = true;
    private ChatCompletionException? _notFound;
    private TimeSpan? _retryAfter;

    public int Count => _entries.Count;

    public void Failed(Deployment deployment, Exception exception, TimeSpan elapsed)
    {
        var what = exception switch
        {
            ChatCompletionException { Kind: ChatErrorKind.UpstreamTimeout } => "timed out",
            ChatCompletionException { UpstreamStatus: { } status } => "HTTP " + status.ToString(CultureInfo.InvariantCulture),
            ChatCompletionException { InnerException: HttpRequestException or IOException } => "connection failed",
            // The provider's own words: written for callers, never with a key or a prompt.
            ChatCompletionException failure => failure.Message,
            _ => exception.GetType().Name,
        };
        _anyNotTimeout |= exception is not ChatCompletionException { Kind: ChatErrorKind.UpstreamTimeout };
        _allAtCapacity &= exception is ChatCompletionException { Code: AtCapacityCode };
        if (exception is ChatCompletionException { UpstreamStatus: 404 } notFound)
        {
            _notFound ??= notFound;
        }
        else
        {
            _allNotFound = false;
        }

        if (exception is ChatCompletionException { UpstreamStatus: 429 } limited)
        {
            _retryAfter = limited.RetryAfter is { } wait && (_retryAfter is null || wait < _retryAfter) ? wait : _retryAfter;
        }
        else
        {
            _allRateLimited = false;
        }

        _entries.Add($"{deployment.Label}: {what} after {Milliseconds(elapsed)} ms");
    }

    public void BreakerOpen(Deployment deployment)
    {
        _allAtCapacity = false;
        _allNotFound = false;
        _anyNotTimeout = true;
        _allRateLimited = false;
        _entries.Add($"{deployment.Label}: circuit open, not called");
    }

    public void Refused(RoutedModel model, string field)
    {
        _allAtCapacity = false;
        _allNotFound = false;
        _anyNotTimeout = true;
        _allRateLimited = false;
        _entries.Add($"{model.Name}: not tried, its deployments cannot honour '{field}'");
    }

    /// <summary>The one error for the caller once nothing answered: a timeout if every attempt timed out.</summary>
    public ChatCompletionException Failure(string model)
    {
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"No deployment of '{model}' answered")
            .Append(_entries.Count == 0 ? "." : ". Tried: ")
            .AppendJoin("; ", _entries);
        if (_entries.Count > 0)
        {
            message.Append('.');
        }

        // Every upstream was at the gateway's own limit for it: nothing was sent, the caller may try again shortly.
        if (_allAtCapacity && _entries.Count > 0)
        {
            return new ChatCompletionException(ChatErrorKind.Unavailable, message.ToString()) { RetryAfter = TimeSpan.FromSeconds(1), Code = AtCapacityCode };
        }

        // Every upstream only asked to wait: a 429, as SDKs expect (they back off instead of treating it as a fault),
        // with the shortest wait any of them asked for.
        if (_allRateLimited && _entries.Count > 0)
        {
            return new ChatCompletionException(ChatErrorKind.RateLimited, message.ToString()) { RetryAfter = _retryAfter };
        }

        // Every upstream said it has no such model: their 404 and their words, not a fault of the gateway.
        if (_allNotFound && _notFound is not null)
        {
            return new ChatCompletionException(ChatErrorKind.NotFound, _notFound.Message) { Code = _notFound.Code, Param = "model" };
        }

        return new ChatCompletionException(_anyNotTimeout || _entries.Count == 0 ? ChatErrorKind.UpstreamFailed : ChatErrorKind.UpstreamTimeout, message.ToString());
    }

    /// <summary>The code of a refusal by an upstream's own limit of calls in flight (ChatGrpc:Providers:&lt;name&gt;:MaxConcurrentCalls).</summary>
    public const string AtCapacityCode = "upstream_at_capacity";

    private static long Milliseconds(TimeSpan elapsed) => (long)elapsed.TotalMilliseconds;
}
