using ChatGrpc.V1;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// A function the request obliges the model to call, with the JSON Schema of its arguments.
/// </summary>
/// <param name="Name">The function's name, as the request gave it.</param>
/// <param name="Parameters">The arguments' JSON Schema; null when the function is not defined or takes none.</param>
/// <param name="IsDeprecatedFunctionCall">
/// Forced through the deprecated <c>function_call</c>, so answered as <c>message.function_call</c> rather than a tool call.
/// </param>
internal sealed record ForcedFunction(string Name, Struct? Parameters, bool IsDeprecatedFunctionCall)
{
    /// <summary>
    /// The function the request forces, or null when the model may answer with text: <c>tool_choice</c>
    /// naming a function, <c>"required"</c> (the first function tool), <c>allowed_tools</c> in required mode
    /// (the first allowed function), or the deprecated <c>function_call</c> naming a function.
    /// <c>tool_choice</c> decides whenever it is set. Custom tools are never forced: a streamed tool call
    /// delta can only carry a function.
    /// </summary>
    public static ForcedFunction? Select(CreateChatCompletionRequest request)
    {
        if (request.ToolChoice is { } toolChoice)
        {
            return toolChoice.ChoiceCase switch
            {
                ToolChoice.ChoiceOneofCase.Function => Named(toolChoice.Function.Name, request.Tools),
                ToolChoice.ChoiceOneofCase.Mode when toolChoice.Mode == ToolChoiceMode.Required => FirstFunctionTool(request.Tools),
                ToolChoice.ChoiceOneofCase.AllowedTools when toolChoice.AllowedTools.Mode == AllowedToolsMode.Required
                    => FirstAllowedFunction(toolChoice.AllowedTools, request.Tools),
                _ => null,
            };
        }

        if (request.FunctionCall is { ChoiceCase: FunctionCallChoice.ChoiceOneofCase.Function } functionCall)
        {
            var name = functionCall.Function.Name;
            return new ForcedFunction(name, FindFunction(name, request.Functions)?.Parameters, IsDeprecatedFunctionCall: true);
        }

        return null;
    }

    private static ForcedFunction Named(string name, RepeatedField<Tool> tools)
        => new(name, FindFunctionTool(name, tools)?.Parameters, IsDeprecatedFunctionCall: false);

    private static ForcedFunction? FirstFunctionTool(RepeatedField<Tool> tools)
    {
        foreach (var tool in tools)
        {
            if (tool.TypeCase == Tool.TypeOneofCase.Function)
            {
                return new ForcedFunction(tool.Function.Name, tool.Function.Parameters, IsDeprecatedFunctionCall: false);
            }
        }

        return null;
    }

    private static ForcedFunction? FirstAllowedFunction(AllowedTools allowed, RepeatedField<Tool> tools)
    {
        foreach (var reference in allowed.Tools)
        {
            if (reference.TypeCase == ToolReference.TypeOneofCase.Function)
            {
                return Named(reference.Function.Name, tools);
            }
        }

        return null;
    }

    private static FunctionDefinition? FindFunctionTool(string name, RepeatedField<Tool> tools)
    {
        foreach (var tool in tools)
        {
            if (tool.TypeCase == Tool.TypeOneofCase.Function && tool.Function.Name == name)
            {
                return tool.Function;
            }
        }

        return null;
    }

    private static FunctionDefinition? FindFunction(string name, RepeatedField<FunctionDefinition> functions)
    {
        foreach (var function in functions)
        {
            if (function.Name == name)
            {
                return function;
            }
        }

        return null;
    }
}
