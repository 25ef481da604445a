using System.Text.Json;
using Microsoft.Playwright;
using Selegic.Extensions.EndToEnd.Tests.Support;
using Selegic.Extensions.Frontend.Tests.MultiNode;
using Xunit.Abstractions;

namespace Selegic.Extensions.EndToEnd.Tests.Operations;

/// <summary>
/// Two Frontend processes, each co-hosting a silo, on one PostgreSQL: Chromium opens the Orleans
/// dashboard on node A. Without signing in it gets 401; signed in with the platform admin key it
/// shows both silos. The screenshot is kept under the test output (screenshots/ops-dashboard-two-silos.png).
/// </summary>
public sealed partial class DashboardBrowserTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task Signed_in_with_the_admin_key_the_dashboard_shows_both_silos_and_without_it_is_401()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(logLevel: "Warning");
        var page = await browser.Context.NewPageAsync();
        try
        {
            var dashboard = new Uri(cluster.A.BaseAddress, "/ops/dashboard/").ToString();
            var refused = await page.GotoAsync(dashboard);
            Assert.Equal(401, refused!.Status);
            Assert.Equal(401, (await page.APIRequest.GetAsync(dashboard + "DashboardCounters")).Status);

            // A wrong key is refused on the form too.
            await page.GotoAsync(new Uri(cluster.A.BaseAddress, "/ops/").ToString());
            await page.FillAsync("#key", "not-the-admin-key-0123456789abcdef");
            var wrong = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/ops/sign-in"));
            Assert.Equal(401, wrong.Status);

            await page.FillAsync("#key", cluster.AdminKey);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync("**/ops/dashboard/", new() { Timeout = Timeout });
            var cookie = (await browser.Context.CookiesAsync()).Single(c => c.Name == "scrm_ops");
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

            // Both silos are Active in the membership the dashboard reads (a liveness bound, not a speed claim).
            var silos = await ActiveSilosAsync(page, dashboard, expected: 2);
            Assert.Equal(2, silos.Count);

            // The page itself shows them: the overview counts 2 active silos, the Silos page names both by address.
            await page.GotoAsync(dashboard);
            var overview = "";
            for (var attempt = 0; attempt < 60 && !ActiveSilosShown().IsMatch(overview); attempt++)
            {
                if (attempt > 0) await Task.Delay(500);
                overview = await page.InnerTextAsync("body");
            }
            Assert.Matches(ActiveSilosShown(), overview);
            await page.GetByRole(AriaRole.Link, new() { Name = "Silos", Exact = true }).ClickAsync();
            foreach (var address in silos)
                await Assertions.Expect(page.GetByText(address.Split('@')[0]).First).ToBeVisibleAsync(new() { Timeout = Timeout });

            var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
            var screenshot = Path.Combine(directory, "ops-dashboard-two-silos.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
            Assert.True(new FileInfo(screenshot).Length > 10_000);
        }
        finally
        {
            await page.CloseAsync();
            await browser.Context.ClearCookiesAsync();
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Active silos\s*2\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ActiveSilosShown();

    /// <summary>The addresses of the Active silos, read through the dashboard's own API with the page's cookie, until there are <paramref name="expected"/>.</summary>
    private static async Task<List<string>> ActiveSilosAsync(IPage page, string dashboard, int expected)
    {
        List<string> active = [];
        for (var attempt = 0; attempt < 120 && active.Count < expected; attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            var response = await page.APIRequest.GetAsync(dashboard + "DashboardCounters");
            Assert.Equal(200, response.Status);
            using var counters = JsonDocument.Parse(await response.TextAsync());
            active = counters.RootElement.GetProperty("hosts").EnumerateArray()
                .Where(h => h.GetProperty("status").GetString() == "Active")
                .Select(h => h.GetProperty("siloAddress").GetString()!).ToList();
        }
        return active;
    }
}
