using System.Text.Json;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// Writes repeated proto fields as JSON arrays and map fields as JSON objects, each item by a static writer, so
/// that the loop over every list and map of the wire format is written once. Lists are indexed rather than walked
/// with <c>foreach</c>: the enumerator of a <see cref="RepeatedField{T}"/> is an interface, allocated for each
/// array on the hot path.
/// </summary>
internal static class CollectionJson
{
    public static void WriteArray<T>(this Utf8JsonWriter writer, RepeatedField<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartArray();
        WriteItems(writer, items, writeItem);
        writer.WriteEndArray();
    }

    public static void WriteArray<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, RepeatedField<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartArray(propertyName);
        WriteItems(writer, items, writeItem);
        writer.WriteEndArray();
    }

    /// <summary>Leaves an empty list out, as the SDKs leave out a list their caller did not give.</summary>
    public static void WriteArrayIfAny<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, RepeatedField<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        if (items.Count > 0)
        {
            writer.WriteArray(propertyName, items, writeItem);
        }
    }

    /// <summary>A map as an object, each entry written by <paramref name="writeEntry"/> (key and value); left out when empty.</summary>
    public static void WriteObjectIfAny<TValue>(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, MapField<string, TValue> entries, Action<Utf8JsonWriter, string, TValue> writeEntry)
    {
        if (entries.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(propertyName);
        foreach (var entry in entries)
        {
            writeEntry(writer, entry.Key, entry.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Each item into an array the caller has open, for lists that add to one another.</summary>
    public static void WriteItems<T>(this Utf8JsonWriter writer, RepeatedField<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        for (var i = 0; i < items.Count; i++)
        {
            writeItem(writer, items[i]);
        }
    }
}
