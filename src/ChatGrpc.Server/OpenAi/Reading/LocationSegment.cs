namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>One step of a location: an object key, or (when <see cref="Key"/> is null) an array index.</summary>
internal readonly record struct LocationSegment(string? Key, int Index)
{
    public object ToLocationItem() => Key ?? (object)Index;
}
