using Komis.Domain.Accounts;

namespace Komis.Web.Data.Demo;

/// <summary>A demo citizen as the sandbox identity registry knows them.</summary>
public sealed record DemoPerson(string FirstName, string LastName, string Patronymic, string Fin, string CardSeries, string CardNumber, DateOnly CardExpiry)
{
    public string FullName => $"{LastName} {FirstName} {Patronymic}";
}

/// <summary>A demo biller account with its open charges.</summary>
public sealed record DemoAccount(string BillerCode, string AccountNumber, string HolderName, string Address, string? HolderFin, IReadOnlyList<ChargeData> Charges);

/// <summary>
/// The demo world: people (for the sandbox identity registry) and about 10,000 accounts over the four active
/// billers, with plausible Azerbaijani names and addresses. Deterministic: the same seed gives the same world,
/// so the database, the sandbox billers and the sandbox registry agree.
/// </summary>
public sealed class DemoPopulation
{
    public const int AccountsPerBiller = 2_500;
    public const int PersonCount = 3_000;

    public static readonly string[] ActiveBillers = ["AZERIQAZ", "AZERSU", "AZERENERJI", "BAKIELEKTRIK"];

    private static readonly string[] MaleNames = ["Əli", "Vüqar", "Rəşad", "Elçin", "Tural", "Orxan", "Kamran", "Rauf", "Nicat", "Ramil", "Səbuhi", "Fərid", "Emin", "Ilkin", "Cavid", "Namiq", "Zaur", "Elvin", "Şahin", "Mübariz"];
    private static readonly string[] FemaleNames = ["Aysel", "Günay", "Leyla", "Nərgiz", "Səbinə", "Aynur", "Könül", "Ülviyyə", "Şəbnəm", "Lalə", "Fidan", "Nigar", "Türkan", "Zəhra", "Xədicə", "Gülnar", "Sevinc", "Aytən", "Röya", "Məlahət"];
    private static readonly string[] Surnames = ["Məmmədov", "Əliyev", "Həsənov", "Hüseynov", "Quliyev", "İsmayılov", "Abbasov", "Rzayev", "Cəfərov", "Babayev", "Süleymanov", "Nəsirov", "Kərimov", "Orucov", "Qasımov", "Zeynalov", "Vəliyev", "Şükürov", "Bağırov", "Musayev"];
    private static readonly string[] Cities = ["Bakı", "Bakı", "Bakı", "Sumqayıt", "Gəncə", "Mingəçevir", "Şirvan", "Lənkəran", "Şəki", "Quba", "Naxçıvan", "Xırdalan"];
    private static readonly string[] Streets = ["Nizami küç.", "Füzuli küç.", "Azadlıq pr.", "Heydər Əliyev pr.", "Səməd Vurğun küç.", "Xətai pr.", "Bakıxanov küç.", "Rəşid Behbudov küç.", "Təbriz küç.", "Cavadxan küç.", "Atatürk pr.", "Neftçilər pr.", "Zərifə Əliyeva küç.", "Üzeyir Hacıbəyov küç."];
    private const string FinAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private DemoPopulation(IReadOnlyList<DemoPerson> people, IReadOnlyList<DemoAccount> accounts)
    {
        People = people;
        Accounts = accounts;
    }

    public IReadOnlyList<DemoPerson> People { get; }

    public IReadOnlyList<DemoAccount> Accounts { get; }

    /// <summary>Builds the world with charges for the months before <paramref name="today"/>.</summary>
    public static DemoPopulation Create(DateOnly today, int seed = 2026)
    {
        var random = new Random(seed);
        var people = new List<DemoPerson>(PersonCount);
        var fins = new HashSet<string>();
        var cards = new HashSet<string>();
        for (var i = 0; i < PersonCount; i++)
        {
            var female = random.Next(2) == 0;
            var first = female ? Pick(random, FemaleNames) : Pick(random, MaleNames);
            var father = Pick(random, MaleNames);
            var surname = Pick(random, Surnames) + (female ? "a" : "");
            var patronymic = father + (female ? " qızı" : " oğlu");
            string fin;
            do
            {
                fin = new string(Enumerable.Range(0, 7).Select(_ => FinAlphabet[random.Next(FinAlphabet.Length)]).ToArray());
            }
            while (!fins.Add(fin));

            string series, number;
            do
            {
                (series, number) = random.Next(3) == 0
                    ? ("AA", random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture))
                    : ("AZE", random.Next(10_000_000, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
            }
            while (!cards.Add(series + number));

            // Every twentieth card has expired, so the registry refuses it.
            var expiry = i % 20 == 19 ? today.AddDays(-random.Next(1, 700)) : today.AddDays(random.Next(30, 3650));
            people.Add(new DemoPerson(first, surname, patronymic, fin, series, number, expiry));
        }

        var accounts = new List<DemoAccount>(AccountsPerBiller * ActiveBillers.Length);
        var personIndex = 0;
        foreach (var biller in ActiveBillers)
        {
            var numbers = new HashSet<string>();
            for (var i = 0; i < AccountsPerBiller; i++)
            {
                string number;
                do
                {
                    number = NewNumber(biller, random);
                }
                while (!numbers.Add(number));

                // Most accounts belong to demo people (so they can register); the rest to people not in the demo registry.
                DemoPerson? holder = i < AccountsPerBiller * 9 / 10 ? people[personIndex++ % people.Count] : null;
                var holderName = holder?.FullName ?? $"{Pick(random, Surnames)} {Pick(random, MaleNames)}";
                var address = $"{Pick(random, Cities)}, {Pick(random, Streets)} {random.Next(1, 200)}, m. {random.Next(1, 120)}";
                var fin = holder is not null && biller != "AZERSU" ? holder.Fin : null;
                accounts.Add(new DemoAccount(biller, number, holderName, address, fin, Charges(random, today)));
            }
        }

        return new DemoPopulation(people, accounts);
    }

    private static IReadOnlyList<ChargeData> Charges(Random random, DateOnly today)
    {
        // One in seven accounts is fully paid; the others owe for one to three recent months, the older ones overdue.
        if (random.Next(7) == 0)
        {
            return [];
        }

        var count = random.Next(1, 4);
        var current = BillingPeriod.FromDate(today.AddMonths(-1));
        var charges = new List<ChargeData>(count);
        for (var back = count - 1; back >= 0; back--)
        {
            var month = current.FirstDay.AddMonths(-back);
            var amount = decimal.Round((decimal)(random.NextDouble() * 80 + 3), 2);
            charges.Add(new ChargeData(BillingPeriod.FromDate(month), amount, month.AddMonths(1).AddDays(19)));
        }

        return charges;
    }

    private static string NewNumber(string biller, Random random) => biller switch
    {
        "AZERIQAZ" => "10" + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
        "AZERSU" => "2" + random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
        "AZERENERJI" => "3004" + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
        "BAKIELEKTRIK" => "BE" + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(biller)),
    };

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
