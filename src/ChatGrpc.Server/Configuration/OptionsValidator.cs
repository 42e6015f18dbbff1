using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Configuration;

/// <summary>
/// The shape of every feature's start-up validator: it collects every problem of its section, each naming the key to
/// fix, and fails with all of them at once.
/// </summary>
internal abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Check(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Adds each problem of <paramref name="options"/> to <paramref name="problems"/>, naming its key.</summary>
    protected abstract void Check(TOptions options, List<string> problems);
}
