namespace ChatGrpc.IntegrationTests.Admin;

public sealed class ChromiumSmokeTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task Chromium_RendersAPage()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<h1>hello</h1>");
        Assert.Equal("hello", await page.InnerTextAsync("h1"));
    }
}
