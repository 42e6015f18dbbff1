namespace ChatGrpc.Server.Providers.Development;

/// <summary>Settings of the embedded development model, bound from <see cref="SectionName"/>.</summary>
internal sealed class DevelopmentModelOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ChatGrpc:Development";

    /// <summary>
    /// The longest <see cref="TokenDelay"/>: a whole answer's wait is capped at it too, because <c>Task.Delay</c> refuses
    /// waits beyond about 49 days, which a per-token delay times a long answer could reach.
    /// </summary>
    public static readonly TimeSpan MaxTokenDelay = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the model "thinks" per generated token, to try timeouts, cancellation and slow clients against a
    /// realistic pace: zero (the default) answers at once, at most <see cref="MaxTokenDelay"/>; anything else stops start-up.
    /// </summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether <c>chatgrpc-dev</c> is served. Unset, it is served in the Development environment only: a gateway in
    /// front of a company must not answer with a toy model because nobody thought to turn it off.
    /// </summary>
    public bool Enabled { get; set; }
}
