using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Komis.BrowserTests.Infrastructure;

namespace Komis.BrowserTests.Shell;

/// <summary>
/// What a HEAD gets on the wire from the real server (Kestrel): the page's status line and headers, and not one byte of
/// body, though the page's view is rendered as for GET. (An HTTP client library cannot tell: it reads no body after a
/// HEAD whatever follows, so the bytes are read from the socket.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HeadOverTheWireTests(BrowserFixture browser)
{
    [Fact]
    public async Task Head_OnAPage_GetsItsHeaders_AndNoBody_WhileGetGetsThePage()
    {
        var head = await ExchangeAsync("HEAD", "/odenis-xidmetleri");
        var get = await ExchangeAsync("GET", "/odenis-xidmetleri");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head.Headers);
        Assert.Contains("Content-Type: text/html; charset=utf-8\r\n", head.Headers);
        Assert.Empty(head.Body);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", get.Headers);
        Assert.Contains("Qeydiyyatdan keç", get.Body);
    }

    private async Task<(string Headers, string Body)> ExchangeAsync(string method, string path)
    {
        var server = new Uri(browser.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        // The fixture's server speaks TLS with a certificate the fixture made for itself a moment ago.
        await using var stream = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await stream.AuthenticateAsClientAsync(server.Host);
        var request = $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(received, timeout.Token); // the server closes the connection after its answer
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no end of headers in: {text[..Math.Min(text.Length, 300)]}");
        return (text[..(end + 2)], text[(end + 4)..]);
    }
}
