namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The tag a discriminated object carries: its oneof case's field number and name (which goes into locations).</summary>
internal readonly record struct UnionTag(int Number, string Name);
