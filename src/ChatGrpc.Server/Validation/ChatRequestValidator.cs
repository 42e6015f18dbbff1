using System.Text.Json;
using ChatGrpc.Server.Validation.Rules;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// Checks a request against the buf.validate rules of chat.proto, compiled once at start-up, and reports every
/// violation in Pydantic's vocabulary at its location in OpenAI's JSON.
/// </summary>
internal sealed class ChatRequestValidator
{
    private readonly MessageRulePlan _plan = RulePlanCompiler.Compile(CreateChatCompletionRequest.Descriptor);

    /// <summary>Appends a problem for every rule <paramref name="request"/> breaks, in schema order.</summary>
    /// <param name="source">The JSON the request was read from, to quote offending values as sent; null for gRPC.</param>
    public void Validate(CreateChatCompletionRequest request, JsonElement? source, List<ValidationProblem> problems)
    {
        RuleWalk.Run(request, _plan, problems, source);
    }

    /// <summary>
    /// Adds the rule violations of a request read from JSON to the reader's own problems. A value the reader
    /// already refused stands in the request as its zero value, so violations at or below (or above) a refused
    /// location say nothing new and are left out, as Pydantic reports only one problem per value.
    /// </summary>
    public void ValidateRead(CreateChatCompletionRequest request, JsonElement? source, List<ValidationProblem> problems)
    {
        if (problems.Count == 0)
        {
            Validate(request, source, problems);
            return;
        }

        if (problems.Count >= ValidationLimits.MaxProblems)
        {
            // The reader stopped at the limit and the request is half read: its rules would only add noise.
            return;
        }

        var ruleProblems = new List<ValidationProblem>();
        Validate(request, source, ruleProblems);
        var readerProblemCount = problems.Count;
        foreach (var ruleProblem in ruleProblems)
        {
            if (ruleProblem.Location.Count == 0 && ruleProblem.Type == "value_error")
            {
                // A rule across the body's fields: Pydantic checks it only once every field is valid, and the reader found otherwise.
                continue;
            }

            if (ruleProblem.Type == "too_long" && ruleProblem.Context is [{ Value: "List" }, ..])
            {
                // A list too long is judged before its items: their problems are not reported.
                readerProblemCount -= problems.RemoveAll(p => p.Location.Count > ruleProblem.Location.Count && IsPrefix(ruleProblem.Location, p.Location));
                problems.Add(ruleProblem);
                continue;
            }

            var overlaps = false;
            for (var i = 0; i < readerProblemCount && !overlaps; i++)
            {
                var readerProblem = problems[i];
                if (readerProblem.YieldsToFieldRule && IsPrefix(readerProblem.Location, ruleProblem.Location) && readerProblem.Location.Count == ruleProblem.Location.Count)
                {
                    problems[i] = ruleProblem;
                    overlaps = true;
                    break;
                }

                overlaps = Overlap(ruleProblem.Location, readerProblem.Location);
            }

            if (!overlaps && problems.Count < ValidationLimits.MaxProblems)
            {
                problems.Add(ruleProblem);
            }
        }

        ValidationProblemOrder.Sort(problems, source);
    }

    /// <summary>
    /// Whether two problems concern the same value, one at or below the other; a map key's own problem
    /// (<c>[..., "k", "[key]"]</c>) is apart from its value's (<c>[..., "k"]</c>), as Pydantic reports both.
    /// </summary>
    private static bool Overlap(IReadOnlyList<object> a, IReadOnlyList<object> b)
    {
        var (shorter, longer) = a.Count <= b.Count ? (a, b) : (b, a);
        return IsPrefix(shorter, longer) && !(longer.Count > shorter.Count && JsonShapes.MapKeySegment.Equals(longer[shorter.Count]));
    }

    /// <summary>Every rule a request received over gRPC breaks, in the order they are reported; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> ProblemsOf(CreateChatCompletionRequest request)
    {
        var problems = new List<ValidationProblem>();
        Validate(request, null, problems);
        ValidationProblemOrder.Sort(problems);
        return problems;
    }

    private static bool IsPrefix(IReadOnlyList<object> prefix, IReadOnlyList<object> location)
    {
        if (prefix.Count > location.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!prefix[i].Equals(location[i]))
            {
                return false;
            }
        }

        return true;
    }
}
