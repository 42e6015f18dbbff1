using Microsoft.Playwright;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>
/// Debian's chromium (installed by the test build, tests/browser/install-chromium), headless, driven by Playwright
/// through its bundled node driver. Playwright's own browser download never runs: the browser is the system's, named
/// by <see cref="ExecutablePath"/>.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"No chromium at {ExecutablePath}: the test build installs it (tests/browser/install-chromium); run it by hand if the build was skipped.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in a container has no user namespaces for chromium's sandbox; /dev/shm is often small there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser context (its own cookies and cache) that answers the gateway's Basic challenge as <paramref name="user"/>.</summary>
    public Task<IBrowserContext> SignedInAsync(string user, string password, ViewportSize? viewport = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = user, Password = password },
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });

    /// <summary>A fresh browser context that sends Basic credentials with every request, without waiting for a challenge.</summary>
    public Task<IBrowserContext> WithAuthorizationAsync(string user, string password) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = Infrastructure.ChatGrpcServerFixture.BasicAuthorization(user, password) },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
