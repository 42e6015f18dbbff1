using System.Text;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The tags of an object discriminated by <c>role</c> or <c>type</c>: the case names of the proto oneof
/// the object maps to, in field order (the order Pydantic lists expected tags in).
/// </summary>
internal sealed class TagTable
{
    private readonly string _discriminator;
    private readonly UnionTag[] _tags;
    private readonly byte[][] _utf8Names;
    private readonly string[] _names;

    private TagTable(string discriminator, UnionTag[] tags)
    {
        _discriminator = discriminator;
        _tags = tags;
        _names = Array.ConvertAll(tags, static tag => tag.Name);
        _utf8Names = Array.ConvertAll(_names, Encoding.UTF8.GetBytes);
    }

    /// <param name="excludedCase">A case that is not an object's tag, such as the string form of tool_choice.</param>
    public static TagTable FromOneof(string discriminator, MessageDescriptor message, string oneofName, string? excludedCase = null)
    {
        foreach (var oneof in message.Oneofs)
        {
            if (oneof.Name == oneofName)
            {
                var tags = new List<UnionTag>();
                foreach (var field in oneof.Fields)
                {
                    if (field.Name != excludedCase)
                    {
                        tags.Add(new UnionTag(field.FieldNumber, field.Name));
                    }
                }

                return new TagTable(discriminator, [.. tags]);
            }
        }

        throw new ArgumentException($"{message.FullName} has no oneof {oneofName}.", nameof(oneofName));
    }

    /// <summary>The tags, in the order Pydantic lists them.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The tag a string value names, without reporting anything.</summary>
    public bool TryMatch(JsonElement tagValue, out UnionTag tag)
    {
        if (tagValue.ValueKind == JsonValueKind.String)
        {
            for (var i = 0; i < _tags.Length; i++)
            {
                if (JsonText.ValueEquals(tagValue, _utf8Names[i]))
                {
                    tag = _tags[i];
                    return true;
                }
            }
        }

        tag = default;
        return false;
    }

    /// <summary>For an object with one possible tag that no oneof names.</summary>
    public static TagTable Single(string discriminator, string tag) => new(discriminator, [new UnionTag(1, tag)]);

    /// <summary>
    /// Finds the tag of <paramref name="owner"/> in <paramref name="tagValue"/>, its discriminator's value.
    /// Reports at the current location <c>union_tag_not_found</c> when there is no tag, and
    /// <c>union_tag_invalid</c> when it is not one of the known tags (a tag that is not a string is written as
    /// Python's <c>str()</c> of it, as Pydantic does).
    /// </summary>
    public bool TryMatch(JsonElement owner, JsonElement tagValue, JsonReadContext context, out UnionTag tag)
    {
        tag = default;
        if (tagValue.ValueKind == JsonValueKind.Undefined)
        {
            context.Report(PydanticErrors.UnionTagNotFound(context.Location(), owner, _discriminator));
            return false;
        }

        if (tagValue.ValueKind != JsonValueKind.String)
        {
            context.Report(PydanticErrors.UnionTagInvalid(context.Location(), owner, _discriminator, PythonStr.Of(tagValue), _names));
            return false;
        }

        for (var i = 0; i < _tags.Length; i++)
        {
            if (JsonText.ValueEquals(tagValue, _utf8Names[i]))
            {
                tag = _tags[i];
                return true;
            }
        }

        context.Report(PydanticErrors.UnionTagInvalid(context.Location(), owner, _discriminator, JsonText.GetString(tagValue), _names));
        tag = default;
        return false;
    }
}
