using Komis.Domain.Billers;
using Komis.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Data.ReferenceData;

/// <summary>
/// The billers Komis starts with. Applied by `migrate`: a missing biller is added, an existing one is left
/// exactly as operators have since set it (status, formats, endpoints).
/// </summary>
public static class BillerCatalogue
{
    public static IReadOnlyList<Biller> Create()
    {
        static AccountNumberFormat Digits(int n, string example) => new(
            $"^\\d{{{n}}}$",
            new LocalizedText($"{n} rəqəm", $"{n} цифр", $"{n} digits"),
            example);

        static AccountNumberFormat Phone(string prefixes, string az, string ru, string en, string example) => new(
            $"^({prefixes})\\d{{7}}$", new LocalizedText(az, ru, en), example);

        static string Iban(string bank, string account) => Komis.Domain.Common.Iban.Create("AZ", bank + account);

        Biller Active(Biller b)
        {
            b.Activate();
            return b;
        }

        return
        [
            Active(new Biller("AZERIQAZ", new LocalizedText("Azəriqaz", "Азеригаз", "Azeriqaz"), BillerCategory.Gas,
                Digits(10, "1002003004"), IntegrationMode.Registry, "Kapital Bank", Iban("AIIB", "38070019440000000001"))),
            Active(new Biller("AZERSU", new LocalizedText("Azərsu", "Азерсу", "Azersu"), BillerCategory.Water,
                Digits(8, "20030040"), IntegrationMode.Registry, "Kapital Bank", Iban("AIIB", "38070019440000000002"))),
            Active(new Biller("AZERENERJI", new LocalizedText("Azərenerji", "Азерэнержи", "Azerenerji"), BillerCategory.Electricity,
                Digits(12, "300400500600"), IntegrationMode.Registry, "Azərbaycan Beynəlxalq Bankı", Iban("IBAZ", "38090019440000000003"))),
            Active(new Biller("BAKIELEKTRIK", new LocalizedText("Bakıelektrikşəbəkə", "Бакыэлектрикшебеке", "Bakielektrikshabaka"), BillerCategory.Electricity,
                new AccountNumberFormat("^BE\\d{8}$", new LocalizedText("BE və 8 rəqəm", "BE и 8 цифр", "BE and 8 digits"), "BE10203040"),
                IntegrationMode.Registry, "Azərbaycan Beynəlxalq Bankı", Iban("IBAZ", "38090019440000000004"))),
            new Biller("AZERCELL", new LocalizedText("Azercell", "Azercell", "Azercell"), BillerCategory.Mobile,
                Phone("50|51|10", "Nömrə: 50, 51 və ya 10 ilə başlayan 9 rəqəm", "Номер: 9 цифр, начиная с 50, 51 или 10", "Number: 9 digits starting 50, 51 or 10", "501234567"),
                IntegrationMode.Online, "Paşa Bank", Iban("PAHA", "38000019440000000005")),
            new Biller("BAKCELL", new LocalizedText("Bakcell", "Bakcell", "Bakcell"), BillerCategory.Mobile,
                Phone("55|99", "Nömrə: 55 və ya 99 ilə başlayan 9 rəqəm", "Номер: 9 цифр, начиная с 55 или 99", "Number: 9 digits starting 55 or 99", "551234567"),
                IntegrationMode.Online, "Paşa Bank", Iban("PAHA", "38000019440000000006")),
            new Biller("NAR", new LocalizedText("Nar", "Nar", "Nar"), BillerCategory.Mobile,
                Phone("70|77", "Nömrə: 70 və ya 77 ilə başlayan 9 rəqəm", "Номер: 9 цифр, начиная с 70 или 77", "Number: 9 digits starting 70 or 77", "701234567"),
                IntegrationMode.Online, "Paşa Bank", Iban("PAHA", "38000019440000000007")),
            new Biller("AZTELEKOM", new LocalizedText("Aztelekom", "Азтелеком", "Aztelekom"), BillerCategory.FixedLine,
                Phone("2\\d|3\\d", "Şəhər kodu ilə 9 rəqəm", "9 цифр с кодом города", "9 digits with the area code", "222123456"),
                IntegrationMode.Registry, "Kapital Bank", Iban("AIIB", "38070019440000000008")),
            new Biller("BAKTELECOM", new LocalizedText("Baktelecom", "Бактелеком", "Baktelecom"), BillerCategory.FixedLine,
                Phone("12", "12 ilə başlayan 9 rəqəm", "9 цифр, начиная с 12", "9 digits starting 12", "124123456"),
                IntegrationMode.Registry, "Kapital Bank", Iban("AIIB", "38070019440000000009")),
        ];
    }

    /// <summary>Adds the billers that are missing; returns how many were added.</summary>
    public static async Task<int> EnsureAsync(KomisDbContext db, CancellationToken cancellationToken = default)
    {
        var existing = await db.Billers.Select(b => b.Code).ToListAsync(cancellationToken);
        var missing = Create().Where(b => !existing.Contains(b.Code)).ToList();
        if (missing.Count > 0)
        {
            db.Billers.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
        }

        return missing.Count;
    }
}
