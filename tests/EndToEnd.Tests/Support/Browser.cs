using System.Diagnostics;
using Microsoft.Playwright;

namespace Selegic.Extensions.EndToEnd.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (its own browser download cannot work here): headless,
/// no network services of its own, a fresh profile per fixture.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private readonly string profile = Directory.CreateTempSubdirectory("scrm-e2e-chromium-").FullName;
    private IPlaywright? playwright;

    public IBrowserContext Context { get; private set; } = null!;

    /// <summary><c>command -v chromium</c>: the Debian package scripts/install-deps.sh installs.</summary>
    public static string ChromiumPath()
    {
        using var which = Process.Start(new ProcessStartInfo("sh", ["-c", "command -v chromium"]) { RedirectStandardOutput = true })!;
        var found = which.StandardOutput.ReadToEnd().Trim();
        which.WaitForExit();
        return found.Length > 0 ? found : throw new InvalidOperationException("chromium is not installed: run scripts/install-deps.sh.");
    }

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1200, Height = 1000 },
        });
    }

    public async Task DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        playwright?.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
