using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Citizens.CitizenWorld;

namespace Komis.IntegrationTests.Citizens;

public sealed class RegistrationTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Registration_Sheet_Login_ForcedChange_Cabinet_ShowsEveryDebt()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", person.Fin, (2026, 9, 20.10m), (2026, 10, 15.25m));
        await NewAccountAsync(App, "AZERSU", "20030040", null, (2026, 10, 7.40m));
        using var client = App.CreateFormClient();

        var (code, password) = await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"), ("AZERSU", "20030040"));

        Assert.True(Komis.Domain.Subscribers.SubscriberCode.TryParse(code, out _), code);
        Assert.True(password.Length >= 10);
        var login = await LoginAsync(client, code, password);
        Assert.Equal("/kabinet/sifre", login.LocationPath());
        // While the initial password is in use, the cabinet leads to the change.
        var cabinetBefore = await client.GetAsync("/kabinet");
        Assert.Equal("/kabinet/sifre", cabinetBefore.LocationPath());
        var changed = await ChangePasswordAsync(client, password, "yaşıl dağlar altında");
        Assert.Equal("/kabinet", changed.LocationPath());

        var cabinet = await client.GetPageAsync("/kabinet");
        Assert.Contains("Salam, Aysel!", cabinet);
        Assert.Contains("1002003004", cabinet);
        Assert.Contains("20030040", cabinet);
        Assert.Contains("42,75 AZN", cabinet); // 20.10 + 15.25 + 7.40, in Azerbaijani number format
        Assert.Contains("Bakı, Nizami küç. **, m. *", cabinet); // address masked
    }

    [Fact]
    public async Task Registration_StoresNoPasswordOrIdNumbersInTheClear()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", person.Fin, (2026, 10, 5m));
        using var client = App.CreateFormClient();

        var (code, password) = await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));

        var dump = await App.WithDbAsync(async db =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == code);
            var subscriber = await db.Subscribers.AsNoTracking().SingleAsync(s => s.Code == code);
            var draft = await db.RegistrationDrafts.AsNoTracking().SingleAsync();
            return string.Join("|", user.PasswordHash, user.MustChangePassword, subscriber.IdCardMasked, Convert.ToHexString(subscriber.FinHash), draft.ProtectedSheetPassword);
        });
        Assert.DoesNotContain(password, dump);
        Assert.DoesNotContain(person.CardNumber, dump);
        Assert.DoesNotContain(person.Fin, dump);
        Assert.Contains("True", dump); // must change the password
        Assert.Contains("AZE*****", dump);
    }

    [Fact]
    public async Task Registration_SameIdCardTwice_IsRefused_WithTheCodeMasked()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using (var first = App.CreateFormClient())
        {
            await RegisterAsync(first, person, ("AZERIQAZ", "1002003004"));
        }

        using var second = App.CreateFormClient();
        var response = await SubmitIdCardAsync(second, person);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("id=\"already-registered\"", html);
        Assert.Matches("artıq abonent kodu mövcuddur: \\d{2}\\*{6}\\d{2}", html);
        Assert.Equal(1, await App.WithDbAsync(db => db.Subscribers.CountAsync()));
    }

    [Fact]
    public async Task Complete_SubmittedAgainAndConcurrently_CreatesOneSubscriber()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        await SubmitIdCardAsync(client, person);
        await AddAccountAsync(client, "AZERIQAZ", "1002003004");
        var review = await client.GetPageAsync("/odenis-xidmetleri/qeydiyyat/yoxla");
        var token = FormClient.AntiforgeryToken(review);

        var submits = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.Http.PostAsync("/odenis-xidmetleri/qeydiyyat/tamamla", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
        var again = await client.Http.PostAsync("/odenis-xidmetleri/qeydiyyat/tamamla", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.All(submits.Append(again), r => Assert.Equal("/odenis-xidmetleri/qeydiyyat/vereqe", r.LocationPath()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Subscribers.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("fin-mismatch")]
    [InlineData("expired")]
    public async Task IdCard_NotConfirmedByTheRegistry_IsRefused_WithOneGenericMessage(string what)
    {
        var person = NewPerson(App, expired: what == "expired");
        var card = what == "unknown" ? person with { CardNumber = "99999999" } : person;
        var fin = what == "fin-mismatch" ? "ZZZ9999" : person.Fin;
        using var client = App.CreateFormClient();

        var response = await SubmitIdCardAsync(client, card, fin);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("Şəxsiyyət vəsiqəsinin məlumatları təsdiqlənmədi.", html);
        Assert.Equal(0, await App.WithDbAsync(db => db.RegistrationDrafts.CountAsync()));
    }

    [Theory]
    [InlineData("AZE", "1234567", "ABC1234", "AZE seriyalı vəsiqənin nömrəsi 8 rəqəmdən ibarətdir.")]
    [InlineData("AA", "12345678", "ABC1234", "AA seriyalı vəsiqənin nömrəsi 7 rəqəmdən ibarətdir.")]
    [InlineData("XYZ", "12345678", "ABC1234", "Seriya AZE və ya AA olmalıdır.")]
    [InlineData("AZE", "", "ABC1234", "Vəsiqənin nömrəsini daxil edin.")]
    [InlineData("AZE", "12345678", "ABC12", "FİN 7 simvoldan ibarətdir.")]
    [InlineData("AZE", "12345678", "ABCO234", "FİN-də I və O hərfləri olmur")]
    [InlineData("AZE", "12345678", "AB-1234", "FİN yalnız latın hərflərindən və rəqəmlərdən ibarətdir.")]
    [InlineData("AZE", "12345678", "", "FİN-i daxil edin.")]
    public async Task IdCard_WrongFormat_GetsItsOwnMessage(string series, string number, string fin, string message)
    {
        using var client = App.CreateFormClient();

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat", "/odenis-xidmetleri/qeydiyyat",
            [new("Series", series), new("Number", number), new("Fin", fin)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task IdCard_IsTrimmedAndUpperCased()
    {
        var person = NewPerson(App);
        using var client = App.CreateFormClient();

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat", "/odenis-xidmetleri/qeydiyyat",
            [new("Series", " aze "), new("Number", $" {person.CardNumber} "), new("Fin", " " + person.Fin.ToLowerInvariant() + " ")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("AZERIQAZ", "12345", "formatı: 10 rəqəm")]
    [InlineData("AZERIQAZ", "1999999999", "belə hesab tapılmadı")]
    [InlineData("AZERCELL", "501234567", "qoşulma mərhələsindədir")]
    public async Task FindAccount_ExplainsWhatIsWrong(string biller, string number, string message)
    {
        var person = NewPerson(App);
        using var client = App.CreateFormClient();
        await SubmitIdCardAsync(client, person);

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/hesablar", "/odenis-xidmetleri/qeydiyyat/hesablar/tap",
            [new("Biller", biller), new("AccountNumber", number)]);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FindAccount_OfSomeoneElse_ByTheBillersFin_IsRefused()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", "ZZZ9999", (2026, 10, 5m));
        using var client = App.CreateFormClient();
        await SubmitIdCardAsync(client, person);

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/hesablar", "/odenis-xidmetleri/qeydiyyat/hesablar/tap",
            [new("Biller", "AZERIQAZ"), new("AccountNumber", "1002003004")]);

        Assert.Contains("başqa şəxsin adına", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FindAccount_ShowsTheHolderMasked_AndTheAddress()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        await SubmitIdCardAsync(client, person);

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/hesablar", "/odenis-xidmetleri/qeydiyyat/hesablar/tap",
            [new("Biller", "AZERIQAZ"), new("AccountNumber", "10 0200 3004")]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("id=\"found-holder\">M******** A**** R*** q***<", html);
        Assert.Contains("Bakı, Nizami küç. 10, m. 5", html);
    }

    [Fact]
    public async Task Complete_WithoutAnyAccount_GoesBackToTheAccountsStep()
    {
        var person = NewPerson(App);
        using var client = App.CreateFormClient();
        await SubmitIdCardAsync(client, person);

        var response = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/hesablar", "/odenis-xidmetleri/qeydiyyat/tamamla", []);

        Assert.Equal("/odenis-xidmetleri/qeydiyyat/hesablar", response.LocationPath());
        Assert.Equal(0, await App.WithDbAsync(db => db.Subscribers.CountAsync()));
    }

    [Fact]
    public async Task Sheet_IsNotShownToAnotherBrowser_NorAfterItExpires()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
        using var stranger = App.CreateFormClient();

        var other = await stranger.GetAsync("/odenis-xidmetleri/qeydiyyat/vereqe");
        var otherPdf = await stranger.GetAsync("/odenis-xidmetleri/qeydiyyat/vereqe.pdf");
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE registration_drafts SET expires_at = now() - interval '1 second'"));
        var later = await client.GetAsync("/odenis-xidmetleri/qeydiyyat/vereqe");

        Assert.Equal(HttpStatusCode.Gone, other.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, otherPdf.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, later.StatusCode);
        Assert.DoesNotContain("initial-password", await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SheetPdf_IsAPdfWithTheCode()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        var (code, password) = await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));

        var response = await client.GetAsync("/odenis-xidmetleri/qeydiyyat/vereqe.pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true }, response.Headers.CacheControl?.ToString());
        var text = PdfText.Extract(bytes);
        Assert.Contains(code[..3] + " " + code[3..6] + " " + code[6..9] + " " + code[9], text);
        Assert.Contains(password, text);
        Assert.Contains("Qeydiyyat vərəqəsi", text);
    }
}
