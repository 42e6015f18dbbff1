using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// An object of the schema as a table of its keys, each with how its value is read into a <typeparamref name="T"/>,
/// and the one loop that reads every such object: it picks the known keys' values out in one pass (the last of a
/// repeated key winning, as in Python's json), reports the unknown keys in strict mode, then reads each key in the
/// table's order, the schema's, which is the order Pydantic reports problems in. A table is built once, at start-up;
/// each method below returns a new table with one key more.
/// </summary>
/// <remarks>
/// A key added as <c>essential</c> is one the object is not made without: when it is not sent or its value has
/// problems, the reader gives null (after reading every other key), as OpenAI's types have it for the payload of a
/// tagged object or the text of a content part. Otherwise the object is made with whatever could be read, so that
/// the proto's rules still judge it.
/// </remarks>
internal sealed class ObjectReader<T>
    where T : class
{
    private readonly Func<T> _create;
    private readonly string[] _names;
    private readonly KeyReader<T>[] _readers;

    /// <param name="create">Makes the object the keys are read into.</param>
    public ObjectReader(Func<T> create)
        : this(create, [], [])
    {
    }

    private ObjectReader(Func<T> create, string[] names, KeyReader<T>[] readers)
    {
        if (names.Length > KeyValues.Capacity)
        {
            throw new ArgumentException($"An object of more than {KeyValues.Capacity} keys does not fit {nameof(KeyValues)}.", nameof(names));
        }

        _create = create;
        _names = names;
        _readers = readers;
        Keys = new KnownKeys(names);
    }

    public KnownKeys Keys { get; }

    /// <summary>Reads the object at the current location; reports <c>model_attributes_type</c> when it is not an object.</summary>
    public T? Read(JsonElement value, JsonReadContext context) => context.RequireObject(value) ? ReadMembers(value, context) : null;

    /// <summary>Reads the keys of <paramref name="value"/>, known to be an object.</summary>
    public T? ReadMembers(JsonElement value, JsonReadContext context)
    {
        var values = default(KeyValues);
        Keys.Collect(value, values);
        context.ReportUnknownKeys(value, Keys);
        var target = _create();
        var whole = true;
        for (var i = 0; i < _readers.Length; i++)
        {
            whole &= _readers[i](values[i], value, context, target);
        }

        return whole ? target : null;
    }

    /// <summary>A key read by <paramref name="read"/> as it sees fit.</summary>
    public ObjectReader<T> Key(string key, KeyReader<T> read) =>
        Array.IndexOf(_names, key) < 0 ? new(_create, [.. _names, key], [.. _readers, read]) : throw new ArgumentException($"The key {key} is in the table already.", nameof(key));

    /// <summary>A discriminator, known to the object but read by the <see cref="UnionReader{T}"/> that chose it.</summary>
    public ObjectReader<T> Tag(string key) => Key(key, static (_, _, _, _) => true);

    /// <summary>A scalar, whose problems are located at its key.</summary>
    public ObjectReader<T> Scalar<TValue>(string key, Presence presence, ScalarReader<TValue> read, Action<T, TValue> set, bool essential = false) =>
        Admitted(key, presence, essential, (value, context, target) =>
        {
            if (!read(value, context, key, out var result))
            {
                return false;
            }

            set(target, result);
            return true;
        });

    public ObjectReader<T> String(string key, Presence presence, Action<T, string> set, bool essential = false) =>
        Scalar(key, presence, LaxScalars.TryReadString, set, essential);

    public ObjectReader<T> Bool(string key, Presence presence, Action<T, bool> set) => Scalar(key, presence, LaxScalars.TryReadBool, set);

    public ObjectReader<T> Double(string key, Presence presence, Action<T, double> set) => Scalar(key, presence, LaxScalars.TryReadDouble, set);

    public ObjectReader<T> Int64(string key, Presence presence, Action<T, long> set) => Scalar(key, presence, LaxScalars.TryReadInt64, set);

    /// <summary>One of <paramref name="literals"/>, given to <paramref name="set"/> as its enum number.</summary>
    public ObjectReader<T> Literal(string key, Presence presence, EnumLiteralTable literals, Action<T, int> set) =>
        Scalar(key, presence, literals.TryRead, set);

    /// <summary>A required key whose value must be the one name of <paramref name="tags"/>: the <c>type</c> of a plain model that has one.</summary>
    public ObjectReader<T> Literal(string key, TagTable tags) =>
        Scalar<UnionTag>(key, Presence.Required, tags.TryReadLiteral, static (_, _) => { }, essential: true);

    /// <summary>A free-form object (a JSON schema), taken value for value.</summary>
    public ObjectReader<T> Struct(string key, Presence presence, Action<T, Struct> set) => Scalar(key, presence, StructReader.TryRead, set);

    /// <summary>A value read by <paramref name="read"/> under its key, null when it has problems.</summary>
    public ObjectReader<T> Object<TValue>(string key, Presence presence, Func<JsonElement, JsonReadContext, TValue?> read, Action<T, TValue> set, bool essential = false)
        where TValue : class =>
        Admitted(key, presence, essential, (value, context, target) =>
        {
            TValue? result;
            using (context.Enter(key))
            {
                result = read(value, context);
            }

            if (result is null)
            {
                return false;
            }

            set(target, result);
            return true;
        });

    /// <summary>A value <paramref name="read"/> puts into the object itself (a list or a map field), under its key.</summary>
    public ObjectReader<T> Into(string key, Presence presence, Action<JsonElement, JsonReadContext, T> read) =>
        Admitted(key, presence, essential: false, (value, context, target) =>
        {
            using (context.Enter(key))
            {
                read(value, context, target);
            }

            return true;
        });

    /// <summary>An array read item by item into <paramref name="list"/> (see <see cref="JsonLists.Read"/>).</summary>
    public ObjectReader<T> List<TItem>(string key, Presence presence, Func<T, RepeatedField<TItem>> list, Func<JsonElement, JsonReadContext, TItem?> readItem, TItem placeholder)
        where TItem : class =>
        Into(key, presence, (value, context, target) => JsonLists.Read(value, context, list(target), readItem, placeholder));

    /// <summary>An object read value by value into <paramref name="map"/> (see <see cref="MapReader.Read"/>).</summary>
    public ObjectReader<T> Map<TValue>(string key, Presence presence, Func<T, MapField<string, TValue>> map, ScalarReader<TValue> readValue, TValue unreadable) =>
        Into(key, presence, (value, context, target) => MapReader.Read(value, context, map(target), readValue, unreadable));

    /// <summary>Applies <paramref name="presence"/> before <paramref name="read"/>, and <paramref name="essential"/> after it.</summary>
    private ObjectReader<T> Admitted(string key, Presence presence, bool essential, Func<JsonElement, JsonReadContext, T, bool> read) =>
        Key(key, (value, owner, context, target) => IsToBeRead(presence, value, owner, context, key) ? read(value, context, target) || !essential : !essential);

    /// <summary>Whether the value is read at all; reports <c>missing</c> for a required key that was not sent.</summary>
    private static bool IsToBeRead(Presence presence, JsonElement value, JsonElement owner, JsonReadContext context, string key) => presence switch
    {
        Presence.Optional => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null),
        Presence.Omittable => value.ValueKind != JsonValueKind.Undefined,
        Presence.RequiredOrNull => context.RequireKey(value, owner, key) && value.ValueKind != JsonValueKind.Null,
        _ => context.RequireKey(value, owner, key),
    };
}
