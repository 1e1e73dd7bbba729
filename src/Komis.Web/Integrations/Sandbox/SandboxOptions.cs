namespace Komis.Web.Integrations.Sandbox;

/// <summary>
/// "Komis:Sandbox": the stand-ins for billers, the card acquirer and the identity registry that run in Development
/// and in tests. They speak the real protocols over HTTP and keep state; the UI says when they are in use.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Komis:Sandbox";

    public bool Enabled { get; set; }

    /// <summary>
    /// The address where this app (and so its sandboxes) is reached, for the clients that call the sandboxes
    /// over real HTTP. ./run.sh sets it from ASPNETCORE_URLS.
    /// </summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";
}
