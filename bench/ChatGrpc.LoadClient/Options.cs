using System.Globalization;

namespace ChatGrpc.LoadClient;

/// <summary>The command line: <c>--name value</c> pairs after the mode.</summary>
internal sealed class Options(string[] args)
{
    public string Mode { get; } = args.Length > 0 ? args[0] : "help";

    public string Text(string name, string fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public int Number(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public bool Flag(string name) => Array.IndexOf(args, "--" + name) >= 0;
}
