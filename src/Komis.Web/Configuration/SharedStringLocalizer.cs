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
    // One dictionary per language, keyed by the string's name alone: each of Komis's three languages has its slot,
    // found without hashing the culture's name; a culture not offered (set by code, never by a visitor) gets its own.
    private readonly ConcurrentDictionary<string, LocalizedString>[] _offered =
        [.. LocalizationConfig.Cultures.Select(_ => new ConcurrentDictionary<string, LocalizedString>(StringComparer.Ordinal))];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LocalizedString>> _others = new(StringComparer.Ordinal);

    public LocalizedString this[string name]
    {
        get
        {
            var kept = KeptFor(CultureInfo.CurrentUICulture.Name);
            if (kept.TryGetValue(name, out var found))
            {
                return found;
            }

            found = _resources[name];
            if (!found.ResourceNotFound)
            {
                kept.TryAdd(name, found);
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

    private ConcurrentDictionary<string, LocalizedString> KeptFor(string culture)
    {
        for (var i = 0; i < _offered.Length; i++)
        {
            if (string.Equals(LocalizationConfig.Cultures[i], culture, StringComparison.Ordinal))
            {
                return _offered[i];
            }
        }

        return _others.GetOrAdd(culture, static _ => new ConcurrentDictionary<string, LocalizedString>(StringComparer.Ordinal));
    }
}
