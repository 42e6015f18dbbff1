namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The names Pydantic puts into <c>loc</c> after a field whose union of shapes matched no member, one entry
/// per member (<c>["messages", 0, "user", "content", "str"]</c>): built-in types by their Python spelling,
/// models by the class names of the OpenAI types the FastAPI model used. The one place they are spelled.
/// </summary>
internal static class UnionMemberNames
{
    /// <summary>The string form of content, stop, tool_choice and function_call.</summary>
    public const string Str = "str";

    /// <summary>The object form of tool_choice and function_call.</summary>
    public const string Dict = "dict";

    /// <summary>The list form of stop.</summary>
    public const string StrList = "list[str]";

    /// <summary>The list form of developer, system and tool content, and of prediction content.</summary>
    public const string TextPartList = "list[ChatCompletionContentPartTextParam]";

    /// <summary>The list form of user content.</summary>
    public const string UserPartList = "list[ChatCompletionContentPartParam]";

    /// <summary>The list form of assistant content.</summary>
    public const string AssistantPartList = "list[ChatCompletionAssistantContentPartParam]";
}
