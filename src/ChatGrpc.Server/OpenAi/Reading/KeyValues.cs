using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The values of an object's known keys while <see cref="ObjectReader{T}"/> or <see cref="UnionReader{T}"/> reads
/// it: on the stack, so that reading an object allocates nothing for them, and small, as it is cleared for each
/// object read. Every object of the schema fits, and every tagged object's keys in all, but the request itself.
/// </summary>
[InlineArray(Capacity)]
internal struct KeyValues
{
    public const int Capacity = 12;

    private JsonElement _first;
}
