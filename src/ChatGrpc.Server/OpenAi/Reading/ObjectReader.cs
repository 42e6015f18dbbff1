using System.Buffers;
using System.Runtime.CompilerServices;
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
    private readonly Entry[] _entries;
    private readonly string[] _names;

    // Where each key's value is in the values this reader collects itself: its own position.
    private readonly int[] _ownPositions;

    /// <param name="create">Makes the object the keys are read into.</param>
    public ObjectReader(Func<T> create)
        : this(create, [])
    {
    }

    private ObjectReader(Func<T> create, Entry[] entries)
    {
        _create = create;
        _entries = entries;
        _names = Array.ConvertAll(entries, static entry => entry.Name);
        _ownPositions = [.. Enumerable.Range(0, entries.Length)];
        Keys = new KnownKeys(_names);
    }

    public KnownKeys Keys { get; }

    /// <summary>The keys, in the order they are read.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Reads the object at the current location; reports <c>model_attributes_type</c> when it is not an object.</summary>
    public T? Read(JsonElement value, JsonReadContext context) => context.RequireObject(value) ? ReadMembers(value, context) : null;

    /// <summary>Reads the keys of <paramref name="value"/>, known to be an object.</summary>
    public T? ReadMembers(JsonElement value, JsonReadContext context)
    {
        if (_entries.Length > KeyValues.Capacity)
        {
            return ReadWideMembers(value, context);
        }

        var values = default(KeyValues);
        Keys.Collect(value, values);
        return ReadCollected(value, context, values, _ownPositions);
    }

    /// <summary>
    /// Reads the keys from <paramref name="values"/>, picked out of <paramref name="value"/> already: the value of
    /// the key at <c>i</c> in <see cref="Names"/> is at <c>positions[i]</c>.
    /// </summary>
    public T? ReadCollected(JsonElement value, JsonReadContext context, ReadOnlySpan<JsonElement> values, int[] positions)
    {
        context.ReportUnknownKeys(value, Keys);
        var target = _create();
        var whole = true;
        for (var i = 0; i < _entries.Length; i++)
        {
            ref readonly var entry = ref _entries[i];
            if (entry.Read is null)
            {
                continue;
            }

            var keyValue = values[positions[i]];
            var read = entry.Presence.Admits(keyValue, value, context, entry.Name) && entry.Read(keyValue, context, target);
            whole &= read || !entry.Essential;
        }

        return whole ? target : null;
    }

    /// <summary>A key read by <paramref name="read"/> as it sees fit, once <paramref name="presence"/> admits it.</summary>
    /// <param name="essential">Whether the object is not made when the key is not read, or has problems.</param>
    public ObjectReader<T> Key(string key, Presence presence, KeyReader<T> read, bool essential = false) => With(new Entry(key, presence, essential, read));

    /// <summary>A discriminator: a key of the object, but read by the <see cref="UnionReader{T}"/> that chose it, not here.</summary>
    public ObjectReader<T> Tag(string key) => With(new Entry(key, Presence.Omittable, Essential: false, Read: null));

    /// <summary>A scalar, whose problems are located at its key.</summary>
    public ObjectReader<T> Scalar<TValue>(string key, Presence presence, ScalarReader<TValue> read, Action<T, TValue> set, bool essential = false) =>
        Key(
            key,
            presence,
            (value, context, target) =>
            {
                if (!read(value, context, key, out var result))
                {
                    return false;
                }

                set(target, result);
                return true;
            },
            essential);

    public ObjectReader<T> String(string key, Presence presence, Action<T, string> set, bool essential = false) =>
        Scalar(key, presence, static (value, context, name, out result) => LaxScalars.TryReadString(value, context, name, out result), set, essential);

    public ObjectReader<T> Bool(string key, Presence presence, Action<T, bool> set) => Scalar(key, presence, static (value, context, name, out result) => LaxScalars.TryReadBool(value, context, name, out result), set);

    public ObjectReader<T> Double(string key, Presence presence, Action<T, double> set) => Scalar(key, presence, static (value, context, name, out result) => LaxScalars.TryReadDouble(value, context, name, out result), set);

    public ObjectReader<T> Int64(string key, Presence presence, Action<T, long> set) => Scalar(key, presence, static (value, context, name, out result) => LaxScalars.TryReadInt64(value, context, name, out result), set);

    /// <summary>One of <paramref name="literals"/>, given to <paramref name="set"/> as its enum number.</summary>
    public ObjectReader<T> Literal(string key, Presence presence, EnumLiteralTable literals, Action<T, int> set) =>
        Scalar(key, presence, literals.TryRead, set);

    /// <summary>A required key whose value must be the one name of <paramref name="tags"/>: the <c>type</c> of a plain model that has one.</summary>
    public ObjectReader<T> Literal(string key, TagTable tags) =>
        Key(key, Presence.Required, (value, context, _) => tags.TryReadLiteral(value, context, key, out var _), essential: true);

    /// <summary>A free-form object (a JSON schema), taken value for value.</summary>
    public ObjectReader<T> Struct(string key, Presence presence, Action<T, Struct> set) => Scalar(key, presence, StructReader.TryRead, set);

    /// <summary>A value read by <paramref name="read"/> under its key, null when it has problems.</summary>
    public ObjectReader<T> Object<TValue>(string key, Presence presence, Func<JsonElement, JsonReadContext, TValue?> read, Action<T, TValue> set, bool essential = false)
        where TValue : class =>
        Key(
            key,
            presence,
            (value, context, target) =>
            {
                TValue? result;
                using (context.Enter(key))
                {
                    result = read(value, context);
                }

                if (result is not null)
                {
                    set(target, result);
                }

                return result is not null;
            },
            essential);

    /// <summary>A value <paramref name="read"/> puts into the object itself (a list or a map field), under its key.</summary>
    public ObjectReader<T> Into(string key, Presence presence, Action<JsonElement, JsonReadContext, T> read) =>
        Key(key, presence, (value, context, target) =>
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

    /// <summary>
    /// An object wider than <see cref="KeyValues"/>, the request, keeps the values of its keys in an array of the
    /// shared pool instead: on the stack they would all be cleared on every read, and each object's read would clear
    /// a buffer that wide.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T? ReadWideMembers(JsonElement value, JsonReadContext context)
    {
        var rented = ArrayPool<JsonElement>.Shared.Rent(_entries.Length);
        var values = rented.AsSpan(0, _entries.Length);
        try
        {
            values.Clear();
            Keys.Collect(value, values);
            return ReadCollected(value, context, values, _ownPositions);
        }
        finally
        {
            // Cleared, so that the pool holds on to no document.
            values.Clear();
            ArrayPool<JsonElement>.Shared.Return(rented);
        }
    }

    private ObjectReader<T> With(Entry entry) =>
        Array.IndexOf(_names, entry.Name) < 0
            ? new(_create, [.. _entries, entry])
            : throw new ArgumentException($"The key {entry.Name} is in the table already.", nameof(entry));

    /// <summary>One key of the table; one not read here has no <see cref="Read"/>.</summary>
    private readonly record struct Entry(string Name, Presence Presence, bool Essential, KeyReader<T>? Read);
}
