using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The values of an object's known keys while <see cref="ObjectReader{T}"/> reads it: on the stack, so that
/// reading an object allocates nothing for them. Large enough for the request itself, the widest object.
/// </summary>
[InlineArray(Capacity)]
internal struct KeyValues
{
    public const int Capacity = 40;

    private JsonElement _first;
}
