namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>One row of a <see cref="JsonObjectReader{T}"/>'s table: a key OpenAI documents and how its value is read.</summary>
internal readonly struct KnownProperty<T>(ReadOnlySpan<byte> name, JsonPropertyReader<T> read)
{
    /// <summary>The key as UTF-8, compared with the reader's (unescaped) property name without making a string.</summary>
    public byte[] Name { get; } = name.ToArray();

    public JsonPropertyReader<T> Read { get; } = read;
}
