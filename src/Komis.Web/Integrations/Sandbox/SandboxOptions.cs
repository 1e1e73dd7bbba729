namespace Komis.Web.Integrations.Sandbox;

/// <summary>
/// "Komis:Sandbox": the stand-ins for billers, the card acquirer and the identity registry that run in Development
/// and in tests. They speak the real protocols over HTTP and keep state; the UI says when they are in use.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Komis:Sandbox";

    public bool Enabled { get; set; }
}
