using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>
/// tests/pydantic/oracle.py: what FastAPI with real Pydantic v2 answers to a body. One python3 process per batch
/// (JSON lines in, JSON lines out), since starting Python and importing Pydantic costs more than judging
/// thousands of bodies.
/// </summary>
internal static class PydanticOracle
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "pydantic");

    /// <summary>Why the oracle cannot run here, or null when python3 imports Pydantic v2.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    /// <summary>Generates <paramref name="count"/> bodies with body_generator.py and judges each.</summary>
    public static async Task<IReadOnlyList<PydanticAnswer>> GenerateAsync(int count, int seed)
    {
        var result = await RunAsync(["oracle.py", "--generate", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)], standardInput: null);
        return ParseLines(result, bodies: null);
    }

    /// <summary>Judges each body, sent with its content type (null: no Content-Type header).</summary>
    public static async Task<IReadOnlyList<PydanticAnswer>> JudgeAsync(IReadOnlyList<(string Body, string? ContentType)> requests)
    {
        var input = new StringBuilder();
        foreach (var (body, contentType) in requests)
        {
            input.Append(JsonSerializer.Serialize(new Dictionary<string, string?> { ["body"] = body, ["contentType"] = contentType })).Append('\n');
        }

        var result = await RunAsync(["oracle.py"], input.ToString());
        return ParseLines(result, requests.Select(static request => request.Body).ToList());
    }

    /// <summary>Runs another script of tests/pydantic that prints one JSON document.</summary>
    public static async Task<JsonDocument> RunScriptAsync(string script) => JsonDocument.Parse(await RunAsync([script], standardInput: null));

    private static List<PydanticAnswer> ParseLines(string output, List<string>? bodies)
    {
        var answers = new List<PydanticAnswer>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var body = bodies is null ? root.GetProperty("body").GetString()! : bodies[answers.Count];
            var detail = root.TryGetProperty("detail", out var element) ? element.Clone() : (JsonElement?)null;
            var deliberate = root.GetProperty("deliberate").EnumerateArray().Select(static id => id.GetString()!).ToList();
            answers.Add(new PydanticAnswer(body, root.GetProperty("status").GetInt32(), detail, deliberate));
        }

        if (bodies is not null && answers.Count != bodies.Count)
        {
            throw new InvalidOperationException($"The oracle answered {answers.Count} of {bodies.Count} bodies.");
        }

        return answers;
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> arguments, string? standardInput)
    {
        var startInfo = new ProcessStartInfo("python3")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No bytecode next to the sources: the checkout stays clean.
        startInfo.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start python3.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await error}");
        }

        return await output;
    }

    private static string? FindUnavailableReason()
    {
        try
        {
            var startInfo = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("import pydantic; print(pydantic.VERSION)");
            using var process = Process.Start(startInfo)!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return "python3 cannot import pydantic (`python3 -c \"import pydantic\"` failed); install Pydantic v2 to run the differential test against it.";
            }

            return version.StartsWith("2.", StringComparison.Ordinal) ? null : $"python3 has Pydantic {version}; the differential test needs Pydantic v2.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "python3 is not on the PATH; the differential test against Pydantic needs python3 with Pydantic v2.";
        }
    }
}
