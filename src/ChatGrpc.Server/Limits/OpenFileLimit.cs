using System.Globalization;

namespace ChatGrpc.Server.Limits;

/// <summary>The process's open-file limit (<c>RLIMIT_NOFILE</c>, soft), as Linux reports it in <c>/proc/self/limits</c>.</summary>
internal static class OpenFileLimit
{
    /// <summary>The soft limit, or null where it cannot be read (not Linux, or unlimited).</summary>
    public static long? Read(string path = "/proc/self/limits")
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                // "Max open files            20000                20000                files"
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
