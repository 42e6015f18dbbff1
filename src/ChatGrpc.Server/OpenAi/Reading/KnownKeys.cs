using System.Text;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The keys an object (or one variant of a tagged object) has in the schema, each at its position: which values
/// <see cref="ObjectReader{T}"/> picks out of an object, and which keys the strict mode does not report. Also the
/// tags of a <see cref="TagTable"/>.
/// </summary>
internal sealed class KnownKeys
{
    private readonly byte[][] _utf8Names;

    // The positions of the names of each length, so that a key is compared with a handful of names at most.
    private readonly int[][] _positionsByLength;

    public KnownKeys(IReadOnlyList<string> names)
    {
        _utf8Names = new byte[names.Count][];
        var longest = 0;
        for (var i = 0; i < names.Count; i++)
        {
            _utf8Names[i] = Encoding.UTF8.GetBytes(names[i]);
            longest = Math.Max(longest, _utf8Names[i].Length);
        }

        _positionsByLength = new int[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            var positions = new List<int>();
            for (var i = 0; i < _utf8Names.Length; i++)
            {
                if (_utf8Names[i].Length == length)
                {
                    positions.Add(i);
                }
            }

            _positionsByLength[length] = [.. positions];
        }
    }

    public int Count => _utf8Names.Length;

    public bool Contains(ReadOnlySpan<byte> name) => IndexOf(name) >= 0;

    /// <summary>The position of <paramref name="name"/>, or -1 when it is not known.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        if (name.Length < _positionsByLength.Length)
        {
            foreach (var position in _positionsByLength[name.Length])
            {
                if (name.SequenceEqual(_utf8Names[position]))
                {
                    return position;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// Puts the value of each known key of the object <paramref name="value"/> at the key's position in
    /// <paramref name="values"/>, in one pass. A repeated key gives its last value, as Python's json does; an
    /// absent key leaves its position as it was (the undefined element, for a fresh buffer).
    /// </summary>
    public void Collect(JsonElement value, Span<JsonElement> values)
    {
        foreach (var property in value.EnumerateObject())
        {
            var position = IndexOf(JsonText.GetUtf8Name(property));
            if (position >= 0)
            {
                values[position] = property.Value;
            }
        }
    }
}
