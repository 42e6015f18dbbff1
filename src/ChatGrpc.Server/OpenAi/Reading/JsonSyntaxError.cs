namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Why a body is not JSON, in Python's words (<c>JSONDecodeError.msg</c>), and the UTF-8 byte offset Python's <c>pos</c> points at.</summary>
internal readonly record struct JsonSyntaxError(int ByteOffset, string Message);
