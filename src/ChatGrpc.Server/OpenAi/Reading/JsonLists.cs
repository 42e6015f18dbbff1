using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Arrays of the body.</summary>
internal static class JsonLists
{
    /// <summary>
    /// Reads each item at its index into <paramref name="target"/> (items that could not be read are left
    /// out), or reports <c>list_type</c> at the current location when <paramref name="value"/> is not an array.
    /// </summary>
    public static void Read<T>(JsonElement value, JsonReadContext context, RepeatedField<T> target, Func<JsonElement, JsonReadContext, T?> readItem)
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
                if (readItem(item, context) is { } read)
                {
                    target.Add(read);
                }
            }

            index++;
        }
    }
}
