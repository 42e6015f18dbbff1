using System.Text.Json;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Reading a literal of an <see cref="EnumLiteralTable"/> from the body, with the reader's problems.</summary>
internal static class EnumLiteralReading
{
    public static ValidationProblem Mismatch(this EnumLiteralTable table, IReadOnlyList<object> location, JsonElement value) =>
        PydanticErrors.LiteralError(location, value, table.Literals);

    /// <summary>Reads a literal; anything else, whatever its JSON kind, is a <c>literal_error</c>.</summary>
    public static bool TryRead(this EnumLiteralTable table, JsonElement value, JsonReadContext context, string? key, out int number)
    {
        if (table.TryMatch(value, out number))
        {
            return true;
        }

        context.Report(table.Mismatch(context.Location(key), value));
        return false;
    }
}
