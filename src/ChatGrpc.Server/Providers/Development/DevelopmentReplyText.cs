using System.Text;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// The development model's text answer: who it is, then the last user message echoed back, so that a
/// developer sees at once that the gateway received what they sent.
/// </summary>
/// <remarks>
/// Only the first <see cref="MaxEchoLength"/> characters of the message are echoed, followed by
/// <see cref="EchoCutMark"/> when there was more: a prompt of megabytes would otherwise come back as an
/// answer of megabytes, once per choice, and streamed as hundreds of thousands of chunks.
/// </remarks>
internal static class DevelopmentReplyText
{
    public const string Introduction = "This is " + DevelopmentModelProvider.ModelId + ", ChatGrpc's built-in development model.";
    public const string EchoPrefix = Introduction + " You said: ";
    public const string NoUserMessage = Introduction + " The conversation has no user message to answer.";

    /// <summary>How many characters (UTF-16 code units) of the user message are echoed at most.</summary>
    public const int MaxEchoLength = 2000;

    /// <summary>Ends an echo that was cut short.</summary>
    public const string EchoCutMark = "…";

    // Parts of a user message are echoed in order, one space apart; non-text parts as a short tag.
    private const char PartSeparator = ' ';

    public static string For(RepeatedField<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].RoleCase == ChatMessage.RoleOneofCase.User)
            {
                return Echo(messages[i].User.Content);
            }
        }

        return NoUserMessage;
    }

    private static string Echo(UserContent? content)
    {
        switch (content?.ContentCase)
        {
            case UserContent.ContentOneofCase.Text:
                return Reply(content.Text);
            case UserContent.ContentOneofCase.Parts:
                var echo = new StringBuilder();
                var parts = content.Parts.Parts;
                for (var i = 0; i < parts.Count && echo.Length <= MaxEchoLength; i++)
                {
                    if (i > 0)
                    {
                        AppendKept(echo, [PartSeparator]);
                    }

                    AppendPart(echo, parts[i]);
                }

                return Reply(echo.ToString());
            default:
                return EchoPrefix;
        }
    }

    private static string Reply(ReadOnlySpan<char> echo)
    {
        if (echo.Length <= MaxEchoLength)
        {
            return string.Concat(EchoPrefix, echo);
        }

        // Never between the halves of a surrogate pair.
        var kept = char.IsHighSurrogate(echo[MaxEchoLength - 1]) ? MaxEchoLength - 1 : MaxEchoLength;
        return string.Concat(EchoPrefix, echo[..kept], EchoCutMark);
    }

    // Copies one character past the limit at most, however long the parts: enough for Reply to see a cut is due.
    private static void AppendKept(StringBuilder echo, ReadOnlySpan<char> value)
    {
        var room = Math.Max(MaxEchoLength + 1 - echo.Length, 0);
        echo.Append(value.Length <= room ? value : value[..room]);
    }

    private static void AppendPart(StringBuilder echo, UserContentPart part)
    {
        switch (part.TypeCase)
        {
            case UserContentPart.TypeOneofCase.Text:
                AppendKept(echo, part.Text);
                break;
            case UserContentPart.TypeOneofCase.ImageUrl:
                AppendKept(echo, "[image]");
                break;
            case UserContentPart.TypeOneofCase.InputAudio:
                AppendKept(echo, part.InputAudio.Format switch
                {
                    InputAudioFormat.Wav => "[audio: wav]",
                    InputAudioFormat.Mp3 => "[audio: mp3]",
                    _ => "[audio]",
                });
                break;
            case UserContentPart.TypeOneofCase.File:
                if (part.File.HasFilename)
                {
                    AppendKept(echo, "[file: ");
                    AppendKept(echo, part.File.Filename);
                    AppendKept(echo, "]");
                }
                else
                {
                    AppendKept(echo, "[file]");
                }

                break;
            default:
                break;
        }
    }
}
