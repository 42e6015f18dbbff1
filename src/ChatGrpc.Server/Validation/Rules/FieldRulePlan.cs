using System.Text.RegularExpressions;
using Buf.Validate;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>The rules of one field, compiled from its <c>(buf.validate.field)</c> option.</summary>
internal sealed class FieldRulePlan
{
    public required FieldDescriptor Field { get; init; }

    /// <summary>Reads the field from its message; null in the plan of a list item or map key or value, which its collection hands out.</summary>
    public FieldReader? Reader { get; init; }

    /// <summary><c>required</c>: the field must be set (non-zero where it has no presence).</summary>
    public bool Required { get; init; }

    /// <summary><c>ignore = IGNORE_IF_ZERO_VALUE</c>: an unset or empty field skips its rules.</summary>
    public bool IgnoreIfZero { get; init; }

    /// <summary>The rules on the value itself (or, for repeated fields and maps, on the collection).</summary>
    public FieldRules? Rules { get; init; }

    /// <summary>The compiled <c>string.pattern</c> of <see cref="Rules"/>, if any.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Rules on each element of a repeated field, or on each map value.</summary>
    public FieldRulePlan? Items { get; init; }

    /// <summary>Rules on each map key.</summary>
    public FieldRulePlan? Keys { get; init; }

    /// <summary>The plan of the message type this field holds (or its elements or map values hold).</summary>
    public MessageRulePlan? Message { get; set; }
}
