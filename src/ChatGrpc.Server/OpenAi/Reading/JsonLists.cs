using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Arrays of the body.</summary>
internal static class JsonLists
{
    /// <summary>
    /// Reads each item at its index into <paramref name="target"/>, or reports <c>list_type</c> at the current
    /// location when <paramref name="value"/> is not an array.
    /// </summary>
    /// <param name="placeholder">
    /// Stands in for an item that could not be read, so that the proto list keeps the JSON's indexes: the rules
    /// then judge every later item at its own index, and the list's length is the one sent. The rules' problems
    /// about the placeholder itself fall under the item's own problem and are left out.
    /// </param>
    public static void Read<T>(JsonElement value, JsonReadContext context, RepeatedField<T> target, Func<JsonElement, JsonReadContext, T?> readItem, T placeholder)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            context.Report(PydanticErrors.ListType(context.Location(), value));
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            using (context.Enter(index))
            {
                var problemCount = context.ProblemCount;
                if (readItem(item, context) is { } read)
                {
                    target.Add(read);
                }
                else if (context.ProblemCount > problemCount)
                {
                    target.Add(placeholder);
                }
            }

            index++;
        }
    }

    /// <summary>
    /// Reads the list member of a string-or-list union, for a value that is not a string, under the member's name.
    /// When the list has problems, the string member's <c>string_type</c> is reported ahead of them, as Pydantic lists
    /// every member of a union that matched none.
    /// </summary>
    /// <returns>Whether the list had no problems.</returns>
    public static bool TryReadListMember<T>(JsonElement value, JsonReadContext context, string listMember, RepeatedField<T> target, Func<JsonElement, JsonReadContext, T?> readItem, T placeholder)
        where T : class
    {
        var problemCount = context.ProblemCount;
        using (context.Enter(listMember))
        {
            Read(value, context, target, readItem, placeholder);
        }

        if (context.ProblemCount == problemCount)
        {
            return true;
        }

        context.ReportBefore(problemCount, PydanticErrors.StringType(context.Location(JsonShapes.StringMember), value));
        return false;
    }
}
