using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Komis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Komis.BrowserTests.Infrastructure;

/// <summary>The app on a real Kestrel port with a database of its own, and one headless Chromium.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private KestrelApp? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public static string ArtifactsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");

    /// <summary>
    /// Where the screenshots of the "Ödəniş mexanizmləri" guides are saved: the artifacts folder, and also the
    /// site's own wwwroot/img/guides when KOMIS_UPDATE_GUIDES=1 (then commit them).
    /// </summary>
    public static async Task GuideScreenshotAsync(IPage page, string name, string? selector = null)
    {
        var file = Path.Combine(ArtifactsFolder, "guides", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (selector is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
        }
        else
        {
            await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = file });
        }

        if (Environment.GetEnvironmentVariable("KOMIS_UPDATE_GUIDES") == "1")
        {
            var target = Path.Combine(RepositoryRoot(), "src", "Komis.Web", "wwwroot", "img", "guides", name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Komis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Komis.sln not found.");
    }

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("browser");

        // Real TLS on a real port, so the browser sees the production cookie rules (__Host-, Secure); and plain
        // HTTP on loopback for the app's own HTTP clients that call its sandboxes (they would refuse the test certificate).
        using var certificate = SelfSignedCertificate();
        var pfx = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        var sandboxPort = FreePort();
        _app = new KestrelApp(connectionString, $"http://127.0.0.1:{sandboxPort}");
        _app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(pfx));
            kestrel.Listen(IPAddress.Loopback, sandboxPort);
        });
        _app.StartServer();

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First(a => a.StartsWith("https", StringComparison.Ordinal)).Replace("127.0.0.1", "localhost").TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KOMIS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic",
            ],
        });
        Directory.CreateDirectory(ArtifactsFolder);
    }

    /// <summary>Runs <paramref name="body"/> in a fresh browser context; on failure saves a screenshot and rethrows.</summary>
    public async Task RunAsync(Func<IPage, Task> body, int width = 1280, int height = 900, [CallerMemberName] string testName = "")
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        try
        {
            await body(page);
        }
        catch
        {
            var file = Path.Combine(ArtifactsFolder, $"{testName}-failure.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Console.Error.WriteLine($"Screenshot of the failure: {file}");
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            var connectionString = _app.ConnectionString;
            await _app.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class KestrelApp(string connectionString, string sandboxBaseUrl) : WebApplicationFactory<Program>
    {
        public string ConnectionString { get; } = connectionString;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Komis", ConnectionString);
            builder.UseSetting("Komis:Sandbox:BaseUrl", sandboxBaseUrl);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
