using System.Text;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The keys an object (or one variant of a tagged object) has in the schema, for the strict mode's unknown-key check.</summary>
internal sealed class KnownKeys(params string[] names)
{
    private readonly byte[][] _utf8Names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);

    public bool Contains(ReadOnlySpan<byte> name)
    {
        foreach (var known in _utf8Names)
        {
            if (name.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }
}
