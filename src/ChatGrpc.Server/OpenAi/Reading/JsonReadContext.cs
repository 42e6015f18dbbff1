using System.Text.Json;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The state of one read: where in the body the reader is, and the problems found so far. The location is
/// a stack of plain structs that becomes Pydantic's <c>loc</c> list only when a problem is reported, so that
/// reading a valid body spends nothing on it.
/// </summary>
/// <param name="rejectUnknownFields">Whether keys the schema does not have are reported (<see cref="OpenAiReadOptions.RejectUnknownFields"/>).</param>
internal sealed class JsonReadContext(List<ValidationProblem> problems, bool rejectUnknownFields = false)
{
    private LocationSegment[] _segments = new LocationSegment[16];
    private int _depth;

    public int ProblemCount => problems.Count;

    public LocationScope Enter(string key)
    {
        Push(new LocationSegment(key, 0));
        return new LocationScope(this);
    }

    public LocationScope Enter(int index)
    {
        Push(new LocationSegment(null, index));
        return new LocationScope(this);
    }

    public void Leave() => _depth--;

    /// <summary>The current location, followed by <paramref name="key"/> when it is given.</summary>
    public IReadOnlyList<object> Location(string? key = null)
    {
        var location = new object[_depth + (key is null ? 0 : 1)];
        for (var i = 0; i < _depth; i++)
        {
            location[i] = _segments[i].ToLocationItem();
        }

        if (key is not null)
        {
            location[_depth] = key;
        }

        return location;
    }

    public void Report(ValidationProblem problem)
    {
        problems.Add(problem);
        if (problems.Count >= ValidationLimits.MaxProblems)
        {
            throw new ProblemLimitReachedException();
        }
    }

    /// <summary>Reports a problem ahead of those reported since <paramref name="problemCount"/>, as Pydantic lists a union's members in order.</summary>
    public void ReportBefore(int problemCount, ValidationProblem problem) => problems.Insert(problemCount, problem);

    /// <summary>Takes back the problems reported since <paramref name="problemCount"/>.</summary>
    public void ForgetProblemsSince(int problemCount) => problems.RemoveRange(problemCount, problems.Count - problemCount);

    /// <summary>Whether <paramref name="value"/> was sent at all; reports <c>missing</c> when it was not.</summary>
    public bool RequireKey(JsonElement value, JsonElement owner, string key)
    {
        if (value.ValueKind != JsonValueKind.Undefined)
        {
            return true;
        }

        Report(PydanticErrors.Missing(Location(key), owner));
        return false;
    }

    /// <summary>Whether <paramref name="value"/> is an object; reports <c>model_attributes_type</c> at the current location when it is not.</summary>
    public bool RequireObject(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Report(PydanticErrors.ModelAttributesType(Location(), value));
        return false;
    }

    /// <summary>
    /// In strict mode, reports <c>extra_forbidden</c> for each key of <paramref name="value"/>, the object at the
    /// current location, that is not in <paramref name="known"/>. A repeated key is reported once, at its first
    /// position with its last value, as the Python dict Pydantic validates holds it.
    /// </summary>
    public void ReportUnknownKeys(JsonElement value, KnownKeys known)
    {
        if (!rejectUnknownFields)
        {
            return;
        }

        // Only allocated once an unknown key turns up, so that a valid body costs a scan and nothing more.
        OrderedDictionary<string, JsonElement>? unknown = null;
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(JsonText.GetUtf8Name(property)))
            {
                unknown ??= new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
                unknown[JsonText.GetName(property)] = property.Value;
            }
        }

        if (unknown is null)
        {
            return;
        }

        foreach (var (key, input) in unknown)
        {
            Report(PydanticErrors.ExtraForbidden(Location(key), input));
        }
    }

    private void Push(LocationSegment segment)
    {
        if (_depth == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[_depth++] = segment;
    }
}
