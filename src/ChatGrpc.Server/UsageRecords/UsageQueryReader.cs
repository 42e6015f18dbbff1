using System.Globalization;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Reads a report request's query parameters into a <see cref="UsageQuery"/>, or into problems in FastAPI's 422 shape
/// (<c>loc</c> starting with <c>query</c>), every problem at once.
/// </summary>
internal static class UsageQueryReader
{
    /// <summary>The longest range one report may cover, in days (both ends included).</summary>
    public const int MaxDays = 400;

    /// <summary>The longest user name a report may ask for (configured names are shorter).</summary>
    public const int MaxUserLength = 256;

    private const string Day = "day";
    private const string User = "user";
    private const string Model = "model";

    public static UsageQuery? Read(GetUsageRequest request, List<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(problems);
        var from = ReadDay("from", request.From, problems);
        var to = ReadDay("to", request.To, problems);
        if (from is { } first && to is { } last)
        {
            if (last < first)
            {
                problems.Add(Query(PydanticErrors.ValueError(["to"], Text(request.To), "to is before from")));
            }
            else if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            {
                problems.Add(Query(PydanticErrors.ValueError(["to"], Text(request.To), $"a report covers at most {MaxDays} days; ask for a shorter range")));
            }
        }

        string? user = null;
        if (request.User.Length > MaxUserLength)
        {
            problems.Add(Query(PydanticErrors.StringTooLong(["user"], Text(request.User[..MaxUserLength] + "…"), MaxUserLength)));
        }
        else if (request.User.Length > 0)
        {
            user = request.User;
        }

        bool byDay = false, byUser = false, byModel = false;
        if (string.IsNullOrEmpty(request.GroupBy))
        {
            byDay = byUser = byModel = true;
        }
        else if (request.GroupBy.Length > 64)
        {
            problems.Add(Query(PydanticErrors.StringTooLong(["group_by"], Text(request.GroupBy[..64] + "…"), 64)));
        }
        else
        {
            var items = request.GroupBy.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
            {
                switch (items[i])
                {
                    case Day:
                        byDay = true;
                        break;
                    case User:
                        byUser = true;
                        break;
                    case Model:
                        byModel = true;
                        break;
                    default:
                        problems.Add(Query(PydanticErrors.LiteralError(["group_by", i], Text(items[i]), [Day, User, Model])));
                        break;
                }
            }
        }

        return problems.Count == 0 ? new UsageQuery(from!.Value, to!.Value, user, byDay, byUser, byModel) : null;
    }

    private static DateOnly? ReadDay(string name, string value, List<ValidationProblem> problems)
    {
        if (value.Length == 0)
        {
            problems.Add(Query(PydanticErrors.Missing([name], JsonSerializer.SerializeToElement<object?>(null))));
            return null;
        }

        if (value.Length > 10 || !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            problems.Add(Query(PydanticErrors.DateParsing([name], Text(value.Length > 32 ? value[..32] + "…" : value), "expected YYYY-MM-DD")));
            return null;
        }

        return day;
    }

    private static ValidationProblem Query(ValidationProblem problem)
    {
        problem.Root = "query";
        return problem;
    }

    private static JsonElement Text(string value) => JsonSerializer.SerializeToElement(value);
}
