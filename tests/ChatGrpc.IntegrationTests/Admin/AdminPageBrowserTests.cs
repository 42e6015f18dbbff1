using ChatGrpc.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>The operator's page in a real headless chromium, after real calls through the gateway.</summary>
public sealed class AdminPageBrowserTests(AdminServerFixture server, HeadlessChromium chromium) : IClassFixture<AdminServerFixture>, IClassFixture<HeadlessChromium>
{
    /// <summary>The README shows it: written by the suite on every run.</summary>
    public static string ScreenshotPath => Path.Combine(RepositoryPaths.Root, "docs", "admin.png");

    [Fact]
    public async Task Admin_SeesUpstreamsUsageAndRecentCalls_AfterRealCalls()
    {
        await server.SeedAsync();
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);
        await AdminCalls.GrpcAsync(server, AdminServerFixture.FailoverModel);
        await AdminCalls.RestAsync(server, AdminServerFixture.OkModel, stream: true);
        await AdminCalls.GrpcAsync(server, AdminServerFixture.OkModel, stream: true);
        // The first call spends the frugal user's daily budget; the next is refused for it.
        var (status, body) = (System.Net.HttpStatusCode.OK, string.Empty);
        for (var i = 0; i < 3 && status == System.Net.HttpStatusCode.OK; i++)
        {
            (status, body) = await AdminCalls.SendRestAsync(server, AdminServerFixture.OkModel, user: AdminServerFixture.Frugal, password: AdminServerFixture.FrugalPassword);
        }

        Assert.True(status == System.Net.HttpStatusCode.TooManyRequests && body.Contains("insufficient_quota", StringComparison.Ordinal), $"The budget did not refuse: {(int)status} {body}");
        await AdminCalls.SpendOnceRecordedAsync(server, requests: 5);

        await using var context = await chromium.SignedInAsync(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password);
        var page = await context.NewPageAsync();
        var problems = CollectProblems(page);
        var response = await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());
        Assert.Equal(200, response?.Status);
        await page.WaitForSelectorAsync("body[data-loaded='true']");

        // Upstreams: the failing deployment with its errors by kind, the healthy one, the provider's limit.
        var failing = page.Locator("#upstream-table tbody tr", new() { HasText = "mock/fail-500" });
        Assert.Contains("upstream_failed", await failing.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("closed", await failing.InnerTextAsync(), StringComparison.Ordinal);
        var healthy = page.Locator("#upstream-table tbody tr", new() { HasText = AdminServerFixture.OkModel });
        Assert.Contains("/ 8,", await healthy.InnerTextAsync(), StringComparison.Ordinal);

        // Recent calls: the failed-over ones say where they failed first; the request id links to its trace.
        var failedOver = page.Locator("#call-table tbody tr", new() { HasText = "failed over from mock/fail-500" });
        Assert.True(await failedOver.CountAsync() >= 2, "The failed-over calls are not listed.");
        Assert.Contains(ChatGrpcServerFixture.UserName, await failedOver.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("basic", await failedOver.First.InnerTextAsync(), StringComparison.Ordinal);
        var traceLink = await failedOver.First.Locator("a").GetAttributeAsync("href");
        Assert.Matches("^http://127.0.0.1:16686/trace/[0-9a-f]{32}$", traceLink);
        var streamed = page.Locator("#call-table tbody tr", new() { HasText = "ok · stream" });
        Assert.True(await streamed.CountAsync() >= 2, "The streamed calls are not listed.");
        var frugalCalls = await page.Locator("#call-table tbody tr", new() { HasText = AdminServerFixture.Frugal }).AllInnerTextsAsync();
        Assert.True(frugalCalls.Any(row => row.Contains("budget_exhausted", StringComparison.Ordinal)), "The budget refusal is not listed: " + string.Join(" | ", frugalCalls));

        // Usage and spend: today's real calls by user and by model, 30 days of spend, the budget beside its use.
        Assert.NotEqual("$0", await page.InnerTextAsync("#card-today .cost"));
        Assert.NotEqual("$0", await page.InnerTextAsync("#card-month .cost"));
        Assert.Contains(ChatGrpcServerFixture.UserName, await page.InnerTextAsync("#by-user"), StringComparison.Ordinal);
        Assert.Contains(UsageSeed.UserPrefix, await page.InnerTextAsync("#by-user"), StringComparison.Ordinal);
        Assert.Contains(AdminServerFixture.FailoverModel, await page.InnerTextAsync("#by-model"), StringComparison.Ordinal);
        Assert.Equal(30, await page.Locator("#chart svg rect").CountAsync());
        var budget = page.Locator("#limits tbody tr", new() { HasText = AdminServerFixture.Frugal });
        Assert.Contains("SpendPerDay", await budget.Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("$0.000010", await budget.Last.InnerTextAsync(), StringComparison.Ordinal);

        // The first screen (1280 by 900), as an operator opens it: small enough for the README.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath });
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000, "The screenshot is (nearly) empty.");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task RecentCalls_FilterByStatus_WithTheKeyboard()
    {
        await AdminCalls.RestAsync(server, AdminServerFixture.OkModel);
        using (var client = server.CreateHttpClient())
        {
            // A model nobody serves: a 404 in the recent calls.
            using var refused = await client.PostAsync("/api/v1/openai/chat/completions", new StringContent("""{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        }

        await using var context = await chromium.SignedInAsync(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password);
        var page = await context.NewPageAsync();
        var problems = CollectProblems(page);
        await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());
        await page.WaitForSelectorAsync("body[data-loaded='true']");

        // Tab from the page's start to the status filter, then choose with the arrow keys, as a keyboard user would.
        await page.FocusAsync("body");
        for (var presses = 0; presses < 40 && await page.EvaluateAsync<string>("document.activeElement.id") != "filter-status"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("filter-status", await page.EvaluateAsync<string>("document.activeElement.id"));
        var filtered = page.WaitForResponseAsync(r => r.Url.Contains("/api/v1/admin/calls?status=not_found", StringComparison.Ordinal));
        await page.SelectOptionAsync("#filter-status", "not_found");
        await filtered;
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#call-table tbody tr')].every(r => r.innerText.includes('not_found'))");
        var rows = await page.Locator("#call-table tbody tr").AllInnerTextsAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains("not_found", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains("no-such-model", row, StringComparison.Ordinal));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task PageAndData_Under200KB_With10000UsageRecords_LoadTimesPrinted()
    {
        await server.SeedAsync();
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);

        // The recent calls full too: as many real calls as the instance keeps (8 at a time, the provider's limit).
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => await AdminCalls.GrpcAsync(server, AdminServerFixture.OkModel));

        // Credentials sent with every request, as a browser does once signed in: the figures are the page's, not the sign-in's.
        await using var context = await chromium.WithAuthorizationAsync(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password);

        // The first load warms the server's code paths up (JIT, the database's pages); the figures are the next loads',
        // each in a fresh page. The weight is a guard; the times are printed, not held: beside the rest of the suite on
        // two cores they measure the machine. Read them on a quiet machine with
        // dotnet test tests/ChatGrpc.IntegrationTests --filter "FullyQualifiedName~PageAndData" --logger "console;verbosity=detailed".
        await LoadAsync(context);
        var loads = new List<(long Bytes, double Fetched, double Shown)>();
        for (var i = 0; i < 5; i++)
        {
            loads.Add(await LoadAsync(context));
        }

        var bytes = loads.Max(static load => load.Bytes);
        Console.WriteLine($"Operator's page with {AdminServerFixture.SeededRecords:N0} usage records: {bytes:N0} bytes; page and data fetched in {string.Join(", ", loads.Select(static load => $"{load.Fetched:F0}"))} ms; data shown at {string.Join(", ", loads.Select(static load => $"{load.Shown:F0}"))} ms");
        Assert.True(bytes < 200 * 1024, $"The page and its data weigh {bytes:N0} bytes, over 200 KB.");
    }

    [Fact]
    public async Task NonAdmin_Gets403()
    {
        await using var context = await chromium.SignedInAsync(AdminServerFixture.Viewer, AdminServerFixture.ViewerPassword);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());

        Assert.Equal(403, response?.Status);
        Assert.Contains("ChatGrpc:Auth:Admins", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMessageContent_InThePageOrItsData()
    {
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);
        await AdminCalls.GrpcAsync(server, AdminServerFixture.OkModel, stream: true);

        await using var context = await chromium.SignedInAsync(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password);
        var page = await context.NewPageAsync();
        // The handler only keeps the responses: blocking on a body inside Playwright's event would stall its dispatcher.
        var responses = new System.Collections.Concurrent.ConcurrentQueue<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/v1/admin/", StringComparison.Ordinal))
            {
                responses.Enqueue(response);
            }
        };
        await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());
        await page.WaitForSelectorAsync("body[data-loaded='true']");
        var html = await page.ContentAsync();
        var data = new List<string>();
        foreach (var response in responses.ToArray())
        {
            data.Add(await response.TextAsync());
        }

        Assert.Contains("failed over from", html, StringComparison.Ordinal);
        Assert.True(data.Count >= 3, $"The page read {data.Count} data documents.");
        foreach (var text in data.Append(html))
        {
            Assert.DoesNotContain("ZEBRA", text, StringComparison.Ordinal);
            Assert.DoesNotContain("4111", text, StringComparison.Ordinal);
            Assert.DoesNotContain(AdminCalls.AnswerMarker, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Phone_ReadsThePageWithoutSidewaysScrolling()
    {
        await AdminCalls.RestAsync(server, AdminServerFixture.FailoverModel);
        await using var context = await chromium.SignedInAsync(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password, new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());
        await page.WaitForSelectorAsync("body[data-loaded='true']");

        // Wide tables scroll inside their own boxes; the page itself fits the phone's width.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page is wider than the phone.");
        Assert.True(await page.Locator("#upstream-table").IsVisibleAsync());
    }

    /// <summary>
    /// Loads the page in a fresh tab: every byte received (headers and bodies of the page, its files and its data), the
    /// time from navigation until the last of them arrived, and until the data was shown (the browser's own work).
    /// </summary>
    private async Task<(long Bytes, double Fetched, double Shown)> LoadAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var requests = new List<IRequest>();
        page.RequestFinished += (_, request) => requests.Add(request);
        await page.GotoAsync(new Uri(server.RestAddress, "/admin").ToString());
        await page.WaitForSelectorAsync("body[data-loaded='true']");
        var shown = await page.EvaluateAsync<double>("performance.getEntriesByName('chatgrpc-admin-loaded')[0].startTime");
        var fetched = await page.EvaluateAsync<double>("Math.max(...performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.responseEnd))");
        long bytes = 0;
        foreach (var request in requests.ToArray())
        {
            var sizes = await request.SizesAsync();
            bytes += sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        }

        Assert.True(requests.Count >= 6, $"Only {requests.Count} requests were seen.");
        await page.CloseAsync();
        return (bytes, fetched, shown);
    }

    /// <summary>Script errors and failed loads: a page that works has none.</summary>
    private static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("error: " + error);
        page.RequestFailed += (_, request) => problems.Add("failed: " + request.Url);
        return problems;
    }
}
