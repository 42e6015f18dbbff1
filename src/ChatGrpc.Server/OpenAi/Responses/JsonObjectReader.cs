using System.Text.Json;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads one kind of object of an upstream's answer into its proto message from a table of the keys OpenAI documents,
/// so that each message's reader is only its table, made once. Keys the table does not name are skipped, or handed to
/// <c>readUnknown</c> (which keeps them in <c>extra_fields</c>); values of an unexpected type are skipped by the rows,
/// as <see cref="JsonValues"/> does, rather than the whole answer refused.
/// </summary>
internal sealed class JsonObjectReader<T>
    where T : class, new()
{
    private readonly KnownProperty<T>[] _properties;
    private readonly JsonPropertyReader<T>? _readUnknown;
    private readonly Action<T>? _complete;

    /// <param name="properties">The known keys, looked up in order (the commonest first); a repeated key is read again.</param>
    /// <param name="readUnknown">Called on the name of a key the table does not have; null skips its value.</param>
    /// <param name="complete">Called once the object's end is read: for a default that depends on which keys came, or did not.</param>
    public JsonObjectReader(KnownProperty<T>[] properties, JsonPropertyReader<T>? readUnknown = null, Action<T>? complete = null)
    {
        _properties = properties;
        _readUnknown = readUnknown;
        _complete = complete;
    }

    /// <summary>The object the reader stands on, or null (the value skipped) when it is anything else, JSON null included.</summary>
    public T? Read(ref Utf8JsonReader reader) => JsonValues.StartsObject(ref reader) ? ReadObject(ref reader) : null;

    /// <summary>Reads the object whose start the reader stands on, leaving the reader on its end.</summary>
    public T ReadObject(ref Utf8JsonReader reader)
    {
        var target = new T();
        while (JsonValues.NextProperty(ref reader))
        {
            if (Find(ref reader) is { } read)
            {
                reader.Read();
                read(ref reader, target);
            }
            else if (_readUnknown is not null)
            {
                _readUnknown(ref reader, target);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        _complete?.Invoke(target);
        return target;
    }

    /// <summary>
    /// Adds the objects of the array the reader stands on to <paramref name="list"/>, those <paramref name="keep"/>
    /// accepts when it is given; items that are not objects, or a value that is not an array, are skipped.
    /// </summary>
    public void ReadList(ref Utf8JsonReader reader, RepeatedField<T> list, Func<T, bool>? keep = null)
    {
        if (!JsonValues.StartsArray(ref reader))
        {
            return;
        }

        while (JsonValues.NextItem(ref reader))
        {
            if (Read(ref reader) is { } item && (keep is null || keep(item)))
            {
                list.Add(item);
            }
        }
    }

    private JsonPropertyReader<T>? Find(ref Utf8JsonReader reader)
    {
        foreach (var property in _properties)
        {
            if (reader.ValueTextEquals(property.Name))
            {
                return property.Read;
            }
        }

        return null;
    }
}
