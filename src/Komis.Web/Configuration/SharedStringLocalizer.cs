using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Configuration;

/// <summary>
/// The shared UI strings (<see cref="SharedResource"/>), each looked up in the resources once per language and then
/// kept: a page asks for thirty, and every resource look-up walks the culture's fallback chain. Strings that are not
/// found are not kept (their names are the answer, as from the resources themselves), so the cache holds at most the
/// resource files' keys in each language.
/// </summary>
public sealed class SharedStringLocalizer(IStringLocalizerFactory factory) : IStringLocalizer<SharedResource>
{
    private readonly IStringLocalizer _resources = factory.Create(typeof(SharedResource));
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_found.TryGetValue(key, out var found))
            {
                return found;
            }

            found = _resources[name];
            if (!found.ResourceNotFound)
            {
                _found.TryAdd(key, found);
            }

            return found;
        }
    }

    /// <summary>Formatted as the resource localizer formats: in the current culture, the name itself when not found.</summary>
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _resources.GetAllStrings(includeParentCultures);
}
