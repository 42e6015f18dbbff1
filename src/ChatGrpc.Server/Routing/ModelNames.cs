namespace ChatGrpc.Server.Routing;

/// <summary>How model names appear in errors.</summary>
internal static class ModelNames
{
    // Model names are echoed in errors; a hostile one must not make the error huge.
    private const int MaxEchoedLength = 128;

    public static string Shown(string model) =>
        model.Length > MaxEchoedLength ? string.Concat(model.AsSpan(0, MaxEchoedLength), "...") : model;

    public static string NotServedMessage(string model, IEnumerable<string> served) =>
        $"The model '{Shown(model)}' does not exist or is not served by this gateway. Served models: {string.Join(", ", served)}.";
}
