namespace Komis.Web;

/// <summary>Marker for the shared UI strings in Resources/SharedResource.*.resx (az is the neutral language).</summary>
public sealed class SharedResource;
