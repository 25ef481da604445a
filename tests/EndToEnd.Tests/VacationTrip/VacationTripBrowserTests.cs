using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selegic.Extensions.Cli.Tests.EndToEnd;
using Selegic.Extensions.Cli.Tests.Support;
using Selegic.Extensions.EndToEnd.Tests.Support;
using Selegic.Extensions.TestSupport;
using Xunit.Abstractions;

namespace Selegic.Extensions.EndToEnd.Tests.VacationTrip;

/// <summary>
/// The whole path a CRM admin and user touch, in a real browser: the sample is built and published
/// with `scrm`, installed with grants on the admin page, opened in its sandboxed iframe, and a trip
/// created through the UI is stored by the handler (storage.*) and still there after a reload.
/// Run with the UI on the platform's origin (the embedded default) and on a separate UI origin.
/// </summary>
public abstract class VacationTripBrowserTests(PlatformServer server, Browser browser, ITestOutputHelper output)
{
    private static readonly string[] Grants = ["cap:storage.kv", "cap:log.write"];
    private const float Timeout = 30_000;

    [Fact]
    public async Task Publish_install_open_create_a_trip_through_the_iframe_and_find_it_after_a_reload()
    {
        var tenant = PlatformServer.NewTenantSlug();
        var tenantKey = await server.CreateTenantAsync(tenant);
        await BuildAndPublishSampleAsync(server.EnvironmentFor(tenant, tenantKey));

        var page = await browser.Context.NewPageAsync();
        var problems = WatchForProblems(page);
        try
        {
            await page.GotoAsync(new Uri(server.Url, "/admin/").ToString());
            await page.FillAsync("#tenant", tenant);
            await page.FillAsync("#api-key", tenantKey);
            await page.ClickAsync("#sign-in");

            // install with the grants ticked on the page
            var extensionRow = page.Locator("#extensions tr[data-slug='vacation-trip']");
            await extensionRow.Locator("button.install").ClickAsync(new() { Timeout = Timeout });
            var grantBoxes = page.Locator("#install-grants input[name=grant]");
            // the dialog lists the grants once the version's manifest has arrived: wait for them, then read them
            await Assertions.Expect(grantBoxes).ToHaveCountAsync(Grants.Length, new() { Timeout = Timeout });
            Assert.Equal(Grants, await grantBoxes.EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)"));
            await page.ClickAsync("#install-confirm");
            var installationRow = page.Locator("#installations tr[data-extension='vacation-trip']");
            await Assertions.Expect(installationRow).ToContainTextAsync("enabled", new() { Timeout = Timeout });
            await Assertions.Expect(installationRow.Locator("code.grant")).ToHaveTextAsync(Grants);
            Assert.Equal(Grants, (await InstallationAsync(tenant, tenantKey)).GetProperty("grants").EnumerateArray().Select(g => g.GetString()!).ToArray());

            // the iframe: sandboxed without allow-same-origin, loads, and bootstraps through the bridge
            await installationRow.Locator("button.open").ClickAsync();
            var sandbox = await page.GetAttributeAsync("#extension-frame", "sandbox");
            Assert.Equal("allow-scripts allow-forms", sandbox);
            var frame = page.FrameLocator("#extension-frame");
            await Assertions.Expect(frame.Locator("#who")).ToHaveTextAsync($"Tenant {tenant} · vacation-trip 1.0.0", new() { Timeout = Timeout });
            await Assertions.Expect(frame.Locator("#empty")).ToBeVisibleAsync(new() { Timeout = Timeout });
            Assert.Equal("blocked", await FrameOf(page).EvaluateAsync<string>("() => { try { return parent.document.title; } catch { return 'blocked'; } }"));

            // create a trip through the UI; the handler stores it with storage.put
            await frame.Locator("#destination").FillAsync("Lisbon");
            await frame.Locator("#start-date").FillAsync("2027-07-01");
            await frame.Locator("#end-date").FillAsync("2027-07-08");
            await frame.Locator("#notes").FillAsync("Pasteis de nata");
            await frame.Locator("#create-trip").ClickAsync();
            await Assertions.Expect(frame.Locator("#status")).ToHaveTextAsync("Planned Lisbon.", new() { Timeout = Timeout });
            var trips = frame.Locator("#trip-list li");
            await Assertions.Expect(trips).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await Assertions.Expect(trips.First).ToContainTextAsync("Lisbon2027-07-01 → 2027-07-08· Pasteis de nata");

            // a refusal from the handler reaches the UI with its code
            await frame.Locator("#destination").FillAsync("Porto");
            await frame.Locator("#start-date").FillAsync("2027-08-09");
            await frame.Locator("#end-date").FillAsync("2027-08-01");
            await frame.Locator("#create-trip").ClickAsync();
            await Assertions.Expect(frame.Locator("#status")).ToHaveTextAsync("Could not save: endDate is before startDate. (invalid_trip)", new() { Timeout = Timeout });

            var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "vacation-trip.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");

            // reload: the admin session comes back from sessionStorage, the trip from the handler's storage
            await page.ReloadAsync();
            await page.Locator("#installations tr[data-extension='vacation-trip'] button.open").ClickAsync(new() { Timeout = Timeout });
            var reloaded = page.FrameLocator("#extension-frame").Locator("#trip-list li");
            await Assertions.Expect(reloaded).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await Assertions.Expect(reloaded.First).ToContainTextAsync("Lisbon");

            // the handler's log.emit lines show on the logs view
            await page.Locator("#installations tr[data-extension='vacation-trip'] button.logs").ClickAsync();
            await Assertions.Expect(page.Locator("#logs tbody")).ToContainTextAsync("trip planned: Lisbon 2027-07-01..2027-07-08", new() { Timeout = Timeout });

            Assert.Empty(problems);
        }
        catch
        {
            output.WriteLine("browser problems:\n" + string.Join("\n", problems));
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task BuildAndPublishSampleAsync(Dictionary<string, string> environment)
    {
        var sample = Path.Combine(RepositoryPaths.Root, "examples", "vacation-trip");
        Assert.True(Directory.Exists(Path.Combine(sample, "node_modules", "assemblyscript")),
            $"Run `npm ci` in {sample} first (scripts/test.sh does).");
        var build = await Scrm.RunAsync(sample, "extension", "build", "--json");
        Assert.True(build.ExitCode == 0, build.ToString());
        var publish = await Scrm.RunAsync(sample, environment, "extension", "publish", "--json");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        output.WriteLine($"published {publish.Json().GetProperty("contentHash").GetString()}");
    }

    private async Task<JsonElement> InstallationAsync(string tenant, string tenantKey)
    {
        using var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenantKey);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/installations");
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("extension").GetString() == "vacation-trip");
    }

    private static IFrame FrameOf(IPage page) => page.Frames.Single(f => f.Url.Contains("/ext-ui/vacation-trip/", StringComparison.Ordinal));

    /// <summary>Console errors, page errors and failed requests: none is expected, except Chromium's note on the one deliberate 400.</summary>
    private static List<string> WatchForProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal)) lock (problems) problems.Add($"console: {message.Text} at {message.Location}"); };
        page.PageError += (_, error) => { lock (problems) problems.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (problems) problems.Add($"request failed: {request.Url} {request.Failure}"); };
        return problems;
    }
}

public sealed class VacationTripOnThePlatformOrigin(PlatformServer server, Browser browser, ITestOutputHelper output)
    : VacationTripBrowserTests(server, browser, output), IClassFixture<PlatformServer>, IClassFixture<Browser>;

public sealed class VacationTripOnAUiOrigin(UiOriginPlatformServer server, Browser browser, ITestOutputHelper output)
    : VacationTripBrowserTests(server, browser, output), IClassFixture<UiOriginPlatformServer>, IClassFixture<Browser>;
