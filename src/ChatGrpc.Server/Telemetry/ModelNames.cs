using System.Globalization;
using System.Text;

namespace ChatGrpc.Server.Telemetry;

/// <summary>How model names appear in errors, logs, metric labels and spans: a caller's text never sizes any of them.</summary>
internal static class ModelNames
{
    /// <summary>The label of every model name the gateway does not serve, in metrics and spans.</summary>
    public const string Other = "other";

    /// <summary>The longest a model name is written in a log line, escapes and the ellipsis included.</summary>
    public const int MaxLoggedLength = 256;

    // Model names are echoed in errors; a hostile one must not make the error huge.
    private const int MaxEchoedLength = 128;

    public static string Shown(string model) =>
        model.Length > MaxEchoedLength ? string.Concat(model.AsSpan(0, MaxEchoedLength), "...") : model;

    public static string NotServedMessage(string model, IEnumerable<string> served) =>
        $"The model '{Shown(model)}' does not exist or is not served by this gateway. Served models: {string.Join(", ", served)}.";

    /// <summary>
    /// The name as a metric label or span attribute: a served model's own name (configuration bounds how many there
    /// are), <see cref="Other"/> for anything else a caller sends.
    /// </summary>
    public static string Label(string model, Func<string, bool> isServed)
    {
        ArgumentNullException.ThrowIfNull(isServed);
        return isServed(model) ? model : Other;
    }

    /// <summary>
    /// The name as a log line shows it: a served name as it is; any other at most <see cref="MaxLoggedLength"/>
    /// characters, with control, quote, backslash and non-ASCII characters escaped (<c>\u000a</c>) so a name cannot
    /// forge a line, and <c>...</c> where it was cut.
    /// </summary>
    public static string? Logged(string? model, string? label)
    {
        if (model is null || (label is not null && label != Other))
        {
            return model;
        }

        var text = new StringBuilder(Math.Min(model.Length, MaxLoggedLength));
        foreach (var c in model)
        {
            var plain = c is >= ' ' and <= '~' and not '\\' and not '"';
            var width = plain ? 1 : 6;
            if (text.Length + width > MaxLoggedLength - 3)
            {
                return text.Append("...").ToString();
            }

            if (plain)
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
