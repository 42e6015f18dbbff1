using System.Diagnostics;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// An object discriminated by a tag (<c>role</c> or <c>type</c>): picks the values of every variant's keys out of
/// the object in one pass, finds the tag among them, then reads the object as the variant the tag names, located
/// under the tag's name as Pydantic locates it (<c>["messages", 0, "user", "content"]</c>). Each variant is an
/// <see cref="ObjectReader{T}"/> of its keys, the tag among them, so that the strict mode knows the variant's keys
/// only. Built once, at start-up; each method below returns a new reader with one variant more.
/// </summary>
internal sealed class UnionReader<T>
    where T : class
{
    private readonly TagTable _tags;
    private readonly Func<T> _create;

    // Every variant's keys, the tag's first; a variant's keys are found in the values collected for these.
    private readonly string[] _names;
    private readonly KnownKeys _keys;
    private readonly (int TagNumber, VariantReader<T> Read)[] _variants;

    /// <param name="create">Makes the object a variant's keys are read into, unless the variant says otherwise.</param>
    public UnionReader(TagTable tags, Func<T> create)
        : this(tags, create, [tags.Discriminator], [])
    {
    }

    private UnionReader(TagTable tags, Func<T> create, string[] names, (int, VariantReader<T>)[] variants)
    {
        if (names.Length > KeyValues.Capacity)
        {
            throw new ArgumentException($"Variants of more than {KeyValues.Capacity} keys in all do not fit {nameof(KeyValues)}.", nameof(names));
        }

        _tags = tags;
        _create = create;
        _names = names;
        _keys = new KnownKeys(names);
        _variants = variants;
    }

    /// <summary>Reads the object at the current location; null when it is not an object, has no known tag, or its variant says so.</summary>
    public T? Read(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        var values = default(KeyValues);
        _keys.Collect(value, values);
        return _tags.TryMatch(value, values[0], context, out var tag) ? ReadVariant(value, context, values, tag) : null;
    }

    /// <summary>A variant with <paramref name="keys"/> beside the tag.</summary>
    public UnionReader<T> Variant(int tagNumber, Func<ObjectReader<T>, ObjectReader<T>> keys) =>
        Variant(tagNumber, _create, static variant => variant, keys);

    /// <summary>A variant with no key beside the tag, made by <paramref name="create"/>.</summary>
    public UnionReader<T> Variant(int tagNumber, Func<T> create) =>
        Variant(tagNumber, create, static variant => variant, static keys => keys);

    /// <summary>A variant read as a <typeparamref name="TVariant"/> with <paramref name="keys"/> beside the tag, then wrapped.</summary>
    public UnionReader<T> Variant<TVariant>(int tagNumber, Func<TVariant> create, Func<TVariant, T> wrap, Func<ObjectReader<TVariant>, ObjectReader<TVariant>> keys)
        where TVariant : class
    {
        var members = keys(new ObjectReader<TVariant>(create).Tag(_tags.Discriminator));

        // New keys go after those of the variants before, whose positions thus stay as they are.
        string[] names = [.. _names, .. members.Names.Where(name => !_names.Contains(name))];
        var positions = members.Names.Select(name => Array.IndexOf(names, name)).ToArray();
        VariantReader<T> read = (value, context, values) => members.ReadCollected(value, context, values, positions) is { } variant ? wrap(variant) : null;
        return new(_tags, _create, names, [.. _variants, (tagNumber, read)]);
    }

    /// <summary>
    /// A variant whose one key beside the tag, named as the tag, holds its payload (<c>{"type": "function", "function": {...}}</c>):
    /// the variant is made only with it.
    /// </summary>
    public UnionReader<T> Payload<TPayload>(int tagNumber, Func<JsonElement, JsonReadContext, TPayload?> read, Action<T, TPayload> set)
        where TPayload : class
    {
        var key = _tags.NameOf(tagNumber);
        return Variant(tagNumber, keys => keys.Object(key, Presence.Required, read, set, essential: true));
    }

    /// <summary>A variant whose one key beside the tag, named as the tag, holds its text (<c>{"type": "text", "text": "..."}</c>): the variant is made only with it.</summary>
    public UnionReader<T> TextPayload(int tagNumber, Action<T, string> set)
    {
        var key = _tags.NameOf(tagNumber);
        return Variant(tagNumber, keys => keys.String(key, Presence.Required, set, essential: true));
    }

    private T? ReadVariant(JsonElement value, JsonReadContext context, ReadOnlySpan<JsonElement> values, UnionTag tag)
    {
        using (context.Enter(tag.Name))
        {
            foreach (var (tagNumber, read) in _variants)
            {
                if (tagNumber == tag.Number)
                {
                    return read(value, context, values);
                }
            }

            throw new UnreachableException($"The tag {tag.Name} has no variant.");
        }
    }
}
