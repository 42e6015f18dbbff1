namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The names Pydantic gives the two members of a literal-or-object union in a location.</summary>
internal readonly record struct UnionMembers(string String, string Object);
