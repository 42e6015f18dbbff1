using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// Pydantic v2's error vocabulary (types, messages, contexts), the one place it is spelled out.
/// See <c>shared/spec/errors.md</c>.
/// </summary>
internal static class PydanticErrors
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static ValidationProblem Missing(IReadOnlyList<object> location, JsonElement input) =>
        new("missing", "Field required", location, input, null);

    public static ValidationProblem StringType(IReadOnlyList<object> location, JsonElement input) =>
        new("string_type", "Input should be a valid string", location, input, null);

    public static ValidationProblem IntType(IReadOnlyList<object> location, JsonElement input) =>
        new("int_type", "Input should be a valid integer", location, input, null);

    public static ValidationProblem IntFromFloat(IReadOnlyList<object> location, JsonElement input) =>
        new("int_from_float", "Input should be a valid integer, got a number with a fractional part", location, input, null);

    public static ValidationProblem IntParsing(IReadOnlyList<object> location, JsonElement input) =>
        new("int_parsing", "Input should be a valid integer, unable to parse string as an integer", location, input, null);

    public static ValidationProblem IntParsingSize(IReadOnlyList<object> location, JsonElement input) =>
        new("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", location, input, null);

    public static ValidationProblem FloatType(IReadOnlyList<object> location, JsonElement input) =>
        new("float_type", "Input should be a valid number", location, input, null);

    public static ValidationProblem FloatParsing(IReadOnlyList<object> location, JsonElement input) =>
        new("float_parsing", "Input should be a valid number, unable to parse string as a number", location, input, null);

    public static ValidationProblem BoolType(IReadOnlyList<object> location, JsonElement input) =>
        new("bool_type", "Input should be a valid boolean", location, input, null);

    public static ValidationProblem BoolParsing(IReadOnlyList<object> location, JsonElement input) =>
        new("bool_parsing", "Input should be a valid boolean, unable to interpret input", location, input, null);

    public static ValidationProblem ListType(IReadOnlyList<object> location, JsonElement input) =>
        new("list_type", "Input should be a valid list", location, input, null);

    public static ValidationProblem DictType(IReadOnlyList<object> location, JsonElement input) =>
        new("dict_type", "Input should be a valid dictionary", location, input, null);

    public static ValidationProblem ModelAttributesType(IReadOnlyList<object> location, JsonElement input) =>
        new("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", location, input, null);

    /// <summary>A strict-mode refusal of a key the schema does not have.</summary>
    public static ValidationProblem ExtraForbidden(IReadOnlyList<object> location, JsonElement input) =>
        new("extra_forbidden", "Extra inputs are not permitted", location, input, null);

    /// <param name="expected">The allowed literals, unquoted, in schema order.</param>
    public static ValidationProblem LiteralError(IReadOnlyList<object> location, JsonElement input, IReadOnlyList<string> expected)
    {
        var list = JoinAlternatives(expected);
        return new("literal_error", $"Input should be {list}", location, input, [new("expected", list)]);
    }

    public static ValidationProblem GreaterThanEqual(IReadOnlyList<object> location, JsonElement input, long bound) =>
        new("greater_than_equal", $"Input should be greater than or equal to {bound.ToString(CultureInfo.InvariantCulture)}", location, input, [new("ge", bound)]);

    public static ValidationProblem GreaterThanEqual(IReadOnlyList<object> location, JsonElement input, double bound) =>
        new("greater_than_equal", $"Input should be greater than or equal to {FormatNumber(bound)}", location, input, [new("ge", bound)]);

    public static ValidationProblem LessThanEqual(IReadOnlyList<object> location, JsonElement input, long bound) =>
        new("less_than_equal", $"Input should be less than or equal to {bound.ToString(CultureInfo.InvariantCulture)}", location, input, [new("le", bound)]);

    public static ValidationProblem LessThanEqual(IReadOnlyList<object> location, JsonElement input, double bound) =>
        new("less_than_equal", $"Input should be less than or equal to {FormatNumber(bound)}", location, input, [new("le", bound)]);

    /// <param name="fieldType"><c>List</c> for arrays, <c>Dictionary</c> for objects.</param>
    public static ValidationProblem TooShort(IReadOnlyList<object> location, JsonElement input, string fieldType, long minLength, long actualLength) =>
        CollectionLength("too_short", "at least", "min_length", location, input, fieldType, minLength, actualLength);

    /// <param name="fieldType"><c>List</c> for arrays, <c>Dictionary</c> for objects.</param>
    public static ValidationProblem TooLong(IReadOnlyList<object> location, JsonElement input, string fieldType, long maxLength, long actualLength) =>
        CollectionLength("too_long", "at most", "max_length", location, input, fieldType, maxLength, actualLength);

    /// <summary>
    /// An integer no int64 field can hold, against int64's bound. A rule of the field's own, found later at the same
    /// location, replaces it (<see cref="ValidationProblem.YieldsToFieldRule"/>).
    /// </summary>
    public static ValidationProblem BeyondInt64(IReadOnlyList<object> location, JsonElement input, bool negative)
    {
        var problem = negative ? GreaterThanEqual(location, input, long.MinValue) : LessThanEqual(location, input, long.MaxValue);
        problem.YieldsToFieldRule = true;
        return problem;
    }

    public static ValidationProblem StringTooShort(IReadOnlyList<object> location, JsonElement input, long minLength) =>
        new("string_too_short", $"String should have at least {minLength} {Characters(minLength)}", location, input, [new("min_length", minLength)]);

    public static ValidationProblem StringTooLong(IReadOnlyList<object> location, JsonElement input, long maxLength) =>
        new("string_too_long", $"String should have at most {maxLength} {Characters(maxLength)}", location, input, [new("max_length", maxLength)]);

    public static ValidationProblem StringPatternMismatch(IReadOnlyList<object> location, JsonElement input, string pattern) =>
        new("string_pattern_mismatch", $"String should match pattern '{pattern}'", location, input, [new("pattern", pattern)]);

    /// <param name="discriminator">The tag's key, unquoted: <c>role</c> or <c>type</c>.</param>
    /// <param name="expectedTags">The known tags, unquoted, in schema order.</param>
    public static ValidationProblem UnionTagInvalid(IReadOnlyList<object> location, JsonElement input, string discriminator, string tag, IReadOnlyList<string> expectedTags)
    {
        var expected = string.Join(", ", expectedTags.Select(static t => $"'{t}'"));
        return new(
            "union_tag_invalid",
            $"Input tag '{tag}' found using '{discriminator}' does not match any of the expected tags: {expected}",
            location,
            input,
            [new("discriminator", $"'{discriminator}'"), new("tag", tag), new("expected_tags", expected)]);
    }

    public static ValidationProblem UnionTagNotFound(IReadOnlyList<object> location, JsonElement input, string discriminator) =>
        new("union_tag_not_found", $"Unable to extract tag using discriminator '{discriminator}'", location, input, [new("discriminator", $"'{discriminator}'")]);

    /// <param name="offset">Where the parser stopped, in characters from the start of the body.</param>
    /// <param name="error">What the parser said, without any of the body's content.</param>
    public static ValidationProblem JsonInvalid(long offset, string error) =>
        new("json_invalid", "JSON decode error", [offset > int.MaxValue ? int.MaxValue : (int)offset], EmptyObject, [new("error", error)]);

    /// <summary>A date that is not <c>YYYY-MM-DD</c> (Pydantic's <c>date</c> type).</summary>
    public static ValidationProblem DateParsing(IReadOnlyList<object> location, JsonElement input, string error) =>
        new("date_parsing", $"Input should be a valid date in the format YYYY-MM-DD, {error}", location, input, [new("error", error)]);

    /// <summary>A rule across fields, reported at the object that breaks it.</summary>
    public static ValidationProblem ValueError(IReadOnlyList<object> location, JsonElement input, string reason) =>
        new("value_error", $"Value error, {reason}", location, input, [new("error", reason)]);

    /// <summary>Python's way of listing alternatives: <c>'a'</c>, <c>'a' or 'b'</c>, <c>'a', 'b' or 'c'</c>.</summary>
    internal static string JoinAlternatives(IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            return $"'{values[0]}'";
        }

        var builder = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(i == values.Count - 1 ? " or " : ", ");
            }

            builder.Append('\'').Append(values[i]).Append('\'');
        }

        return builder.ToString();
    }

    /// <summary>A bound in a message: 2.0 reads "2", 0.5 reads "0.5".</summary>
    private static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Items(long count) => count == 1 ? "item" : "items";

    private static string Characters(long count) => count == 1 ? "character" : "characters";

    private static ValidationProblem CollectionLength(
        string type, string comparison, string boundName, IReadOnlyList<object> location, JsonElement input, string fieldType, long bound, long actualLength) =>
        new(
            type,
            $"{fieldType} should have {comparison} {bound} {Items(bound)} after validation, not {actualLength}",
            location,
            input,
            [new("field_type", fieldType), new(boundName, bound), new("actual_length", actualLength)]);
}
