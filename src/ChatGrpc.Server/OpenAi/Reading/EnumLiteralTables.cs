namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>The literal tables of the request's enums, built once from chat.proto.</summary>
internal static class EnumLiteralTables
{
    public static readonly EnumLiteralTable ImageDetail = EnumLiteralTable.For<V1.ImageDetail>();
    public static readonly EnumLiteralTable InputAudioFormat = EnumLiteralTable.For<V1.InputAudioFormat>();
    public static readonly EnumLiteralTable GrammarSyntax = EnumLiteralTable.For<V1.GrammarSyntax>();
    public static readonly EnumLiteralTable ToolChoiceMode = EnumLiteralTable.For<V1.ToolChoiceMode>();
    public static readonly EnumLiteralTable AllowedToolsMode = EnumLiteralTable.For<V1.AllowedToolsMode>();
    public static readonly EnumLiteralTable FunctionCallMode = EnumLiteralTable.For<V1.FunctionCallMode>();
    public static readonly EnumLiteralTable AudioFormat = EnumLiteralTable.For<V1.AudioFormat>();
    public static readonly EnumLiteralTable ReasoningEffort = EnumLiteralTable.For<V1.ReasoningEffort>();
    public static readonly EnumLiteralTable ServiceTier = EnumLiteralTable.For<V1.ServiceTier>();
    public static readonly EnumLiteralTable SearchContextSize = EnumLiteralTable.For<V1.SearchContextSize>();
    public static readonly EnumLiteralTable Verbosity = EnumLiteralTable.For<V1.Verbosity>();
}
