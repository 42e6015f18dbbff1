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
    private readonly UnionTag[] _tags;
    private readonly string[] _names;
    private readonly KnownKeys _lookup;

    private TagTable(string discriminator, UnionTag[] tags)
    {
        Discriminator = discriminator;
        _tags = tags;
        _names = Array.ConvertAll(tags, static tag => tag.Name);
        _lookup = new KnownKeys(_names);
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

    /// <summary>For an object with one possible tag that no oneof names; <paramref name="number"/> is the field the tag's payload goes to.</summary>
    public static TagTable Single(string discriminator, string tag, int number) => new(discriminator, [new UnionTag(number, tag)]);

    /// <summary>The key that holds the tag.</summary>
    public string Discriminator { get; }

    /// <summary>The tags, in the order Pydantic lists them.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The name of the tag whose oneof case is <paramref name="number"/>.</summary>
    public string NameOf(int number)
    {
        foreach (var tag in _tags)
        {
            if (tag.Number == number)
            {
                return tag.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(number), number, $"No tag of {Discriminator} has this number.");
    }

    /// <summary>The tag a string value names, without reporting anything.</summary>
    public bool TryMatch(JsonElement tagValue, out UnionTag tag)
    {
        var position = tagValue.ValueKind == JsonValueKind.String ? _lookup.IndexOf(JsonText.GetUtf8String(tagValue)) : -1;
        tag = position >= 0 ? _tags[position] : default;
        return position >= 0;
    }

    /// <summary>
    /// Finds the tag of <paramref name="owner"/> in <paramref name="tagValue"/>, its discriminator's value.
    /// Reports at the current location <c>union_tag_not_found</c> when there is no tag, and
    /// <c>union_tag_invalid</c> when it is not one of the known tags (a tag that is not a string is written as
    /// Python's <c>str()</c> of it, as Pydantic does).
    /// </summary>
    public bool TryMatch(JsonElement owner, JsonElement tagValue, JsonReadContext context, out UnionTag tag)
    {
        if (TryMatch(tagValue, out tag))
        {
            return true;
        }

        context.Report(tagValue.ValueKind switch
        {
            JsonValueKind.Undefined => PydanticErrors.UnionTagNotFound(context.Location(), owner, Discriminator),
            JsonValueKind.String => PydanticErrors.UnionTagInvalid(context.Location(), owner, Discriminator, JsonText.GetString(tagValue), _names),
            _ => PydanticErrors.UnionTagInvalid(context.Location(), owner, Discriminator, PythonStr.Of(tagValue), _names),
        });
        return false;
    }

    /// <summary>
    /// Reads the tag of a plain model whose discriminator is a one-value literal (a <see cref="ScalarReader{TValue}"/>):
    /// anything but a tag's name is a <c>literal_error</c>, as for any other literal.
    /// </summary>
    public bool TryReadLiteral(JsonElement value, JsonReadContext context, string? key, out UnionTag tag)
    {
        if (TryMatch(value, out tag))
        {
            return true;
        }

        context.Report(PydanticErrors.LiteralError(context.Location(key), value, _names));
        return false;
    }
}
