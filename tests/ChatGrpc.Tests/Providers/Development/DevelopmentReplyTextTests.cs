using ChatGrpc.Server.Providers.Development;
using ChatGrpc.V1;
using static ChatGrpc.Tests.Providers.Development.DevelopmentModelRequests;

namespace ChatGrpc.Tests.Providers.Development;

public sealed class DevelopmentReplyTextTests
{
    private const string EchoPrefix = Introduction + " You said: ";
    private const int MaxEcho = 2000;

    [Fact]
    public void MessageOfExactlyTheLimit_IsEchoedWhole()
    {
        var text = new string('a', MaxEcho);

        Assert.Equal(EchoPrefix + text, DevelopmentReplyText.For(UserRequest(text).Messages));
    }

    [Fact]
    public void LongerMessage_IsEchoedUpToTheLimitThenAnEllipsis()
    {
        var text = new string('a', MaxEcho) + "beyond the limit";

        Assert.Equal(EchoPrefix + new string('a', MaxEcho) + "…", DevelopmentReplyText.For(UserRequest(text).Messages));
    }

    [Fact]
    public void CutThatWouldSplitASurrogatePair_LeavesTheWholeCharacterOut()
    {
        var text = new string('a', MaxEcho - 1) + "😀 and more";

        Assert.Equal(EchoPrefix + new string('a', MaxEcho - 1) + "…", DevelopmentReplyText.For(UserRequest(text).Messages));
    }

    [Fact]
    public void LongContentParts_AreEchoedUpToTheLimitAcrossParts()
    {
        var content = new UserContent { Parts = new UserContentParts() };
        content.Parts.Parts.Add(new UserContentPart { Text = new string('a', 1500) });
        content.Parts.Parts.Add(new UserContentPart { File = new FileInput { FileId = "file-1", Filename = new string('f', 1000) } });
        content.Parts.Parts.Add(new UserContentPart { Text = "never reached" });

        var reply = DevelopmentReplyText.For(Request(new ChatMessage { User = new UserMessage { Content = content } }).Messages);

        Assert.Equal(EchoPrefix + new string('a', 1500) + " [file: " + new string('f', MaxEcho - 1500 - 8) + "…", reply);
    }

    [Fact]
    public void ContentPartsOfExactlyTheLimit_AreEchoedWhole()
    {
        var content = new UserContent { Parts = new UserContentParts() };
        content.Parts.Parts.Add(new UserContentPart { Text = new string('a', MaxEcho - 8) });
        content.Parts.Parts.Add(new UserContentPart { ImageUrl = new ImageUrl { Url = "https://example.com/a.png" } });

        var reply = DevelopmentReplyText.For(Request(new ChatMessage { User = new UserMessage { Content = content } }).Messages);

        Assert.Equal(EchoPrefix + new string('a', MaxEcho - 8) + " [image]", reply);
    }
}
