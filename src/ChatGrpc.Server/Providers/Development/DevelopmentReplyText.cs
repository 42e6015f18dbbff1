using System.Text;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// The development model's text answer: who it is, then the last user message echoed back, so that a
/// developer sees at once that the gateway received what they sent.
/// </summary>
internal static class DevelopmentReplyText
{
    public const string Introduction = "This is " + DevelopmentModelProvider.ModelId + ", ChatGrpc's built-in development model.";
    public const string EchoPrefix = Introduction + " You said: ";
    public const string NoUserMessage = Introduction + " The conversation has no user message to answer.";

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
                return string.Concat(EchoPrefix, content.Text);
            case UserContent.ContentOneofCase.Parts:
                var reply = new StringBuilder(EchoPrefix);
                var parts = content.Parts.Parts;
                for (var i = 0; i < parts.Count; i++)
                {
                    if (i > 0)
                    {
                        reply.Append(PartSeparator);
                    }

                    AppendPart(reply, parts[i]);
                }

                return reply.ToString();
            default:
                return EchoPrefix;
        }
    }

    private static void AppendPart(StringBuilder reply, UserContentPart part)
    {
        switch (part.TypeCase)
        {
            case UserContentPart.TypeOneofCase.Text:
                reply.Append(part.Text);
                break;
            case UserContentPart.TypeOneofCase.ImageUrl:
                reply.Append("[image]");
                break;
            case UserContentPart.TypeOneofCase.InputAudio:
                reply.Append(part.InputAudio.Format switch
                {
                    InputAudioFormat.Wav => "[audio: wav]",
                    InputAudioFormat.Mp3 => "[audio: mp3]",
                    _ => "[audio]",
                });
                break;
            case UserContentPart.TypeOneofCase.File:
                if (part.File.HasFilename)
                {
                    reply.Append("[file: ").Append(part.File.Filename).Append(']');
                }
                else
                {
                    reply.Append("[file]");
                }

                break;
            default:
                break;
        }
    }
}
