using System.Diagnostics;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// An object discriminated by a tag (<c>role</c> or <c>type</c>): finds the tag, then reads the object as the variant
/// the tag names, located under the tag's name as Pydantic locates it (<c>["messages", 0, "user", "content"]</c>).
/// Each variant is an <see cref="ObjectReader{T}"/> of its keys, the tag among them. Built once, at start-up; each
/// method below returns a new reader with one variant more.
/// </summary>
internal sealed class UnionReader<T>
    where T : class
{
    private readonly TagTable _tags;
    private readonly Func<T> _create;
    private readonly (int TagNumber, Func<JsonElement, JsonReadContext, T?> Read)[] _variants;

    /// <param name="create">Makes the object a variant's keys are read into, unless the variant says otherwise.</param>
    public UnionReader(TagTable tags, Func<T> create)
        : this(tags, create, [])
    {
    }

    private UnionReader(TagTable tags, Func<T> create, (int, Func<JsonElement, JsonReadContext, T?>)[] variants)
    {
        _tags = tags;
        _create = create;
        _variants = variants;
    }

    /// <summary>Reads the object at the current location; null when it is not an object, has no known tag, or its variant says so.</summary>
    public T? Read(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value) || !_tags.TryMatch(value, ObjectKeys.Find(value, _tags.Utf8Discriminator), context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            foreach (var (tagNumber, read) in _variants)
            {
                if (tagNumber == tag.Number)
                {
                    return read(value, context);
                }
            }

            throw new UnreachableException($"The tag {tag.Name} has no variant.");
        }
    }

    /// <summary>A variant with <paramref name="keys"/> beside the tag.</summary>
    public UnionReader<T> Variant(int tagNumber, Func<ObjectReader<T>, ObjectReader<T>> keys) =>
        With(tagNumber, keys(new ObjectReader<T>(_create).Tag(_tags.Discriminator)).ReadMembers);

    /// <summary>A variant with no key beside the tag, made by <paramref name="create"/>.</summary>
    public UnionReader<T> Variant(int tagNumber, Func<T> create) =>
        With(tagNumber, new ObjectReader<T>(create).Tag(_tags.Discriminator).ReadMembers);

    /// <summary>A variant read as a <typeparamref name="TVariant"/> with <paramref name="keys"/> beside the tag, then wrapped.</summary>
    public UnionReader<T> Variant<TVariant>(int tagNumber, Func<TVariant> create, Func<TVariant, T> wrap, Func<ObjectReader<TVariant>, ObjectReader<TVariant>> keys)
        where TVariant : class
    {
        var members = keys(new ObjectReader<TVariant>(create).Tag(_tags.Discriminator));
        return With(tagNumber, (value, context) => members.ReadMembers(value, context) is { } variant ? wrap(variant) : null);
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

    private UnionReader<T> With(int tagNumber, Func<JsonElement, JsonReadContext, T?> read) => new(_tags, _create, [.. _variants, (tagNumber, read)]);
}
