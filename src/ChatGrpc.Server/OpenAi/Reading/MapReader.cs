using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>JSON objects read as maps (<c>metadata</c>, <c>logit_bias</c>); each value's location is its key.</summary>
internal static class MapReader
{
    /// <summary>Reads string values; reports <c>dict_type</c> at the current location when the value is not an object.</summary>
    public static void ReadStrings(JsonElement value, JsonReadContext context, MapField<string, string> target)
    {
        if (!RequireDictionary(value, context))
        {
            return;
        }

        var position = 0;
        foreach (var property in value.EnumerateObject())
        {
            var key = JsonText.GetName(property);
            var mark = context.ProblemCount;
            // An unreadable value still takes its place, so that the rules judge its key, entry by entry.
            target[key] = LaxScalars.TryReadString(property.Value, context, key, out var text) ? text : "";

            ForgetIfRepeatedLater(value, position++, key, mark, context);
        }
    }

    /// <summary>Reads lax integer values; reports <c>dict_type</c> at the current location when the value is not an object.</summary>
    public static void ReadInt64s(JsonElement value, JsonReadContext context, MapField<string, long> target)
    {
        if (!RequireDictionary(value, context))
        {
            return;
        }

        var position = 0;
        foreach (var property in value.EnumerateObject())
        {
            var key = JsonText.GetName(property);
            var mark = context.ProblemCount;
            target[key] = LaxScalars.TryReadInt64(property.Value, context, key, out var number) ? number : 0;

            ForgetIfRepeatedLater(value, position++, key, mark, context);
        }
    }

    private static bool RequireDictionary(JsonElement value, JsonReadContext context)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        context.Report(PydanticErrors.DictType(context.Location(), value));
        return false;
    }

    /// <summary>
    /// Python's json keeps only the last value of a repeated key, so an earlier one has no problems to
    /// report. Only looked for once a value has a problem, so valid maps are read in one pass.
    /// </summary>
    private static void ForgetIfRepeatedLater(JsonElement map, int position, string key, int problemCount, JsonReadContext context)
    {
        if (context.ProblemCount == problemCount)
        {
            return;
        }

        var later = 0;
        foreach (var property in map.EnumerateObject())
        {
            if (later++ > position && JsonText.GetName(property) == key)
            {
                context.ForgetProblemsSince(problemCount);
                return;
            }
        }
    }
}
