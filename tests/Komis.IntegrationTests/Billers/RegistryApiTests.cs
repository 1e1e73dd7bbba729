using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Api.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Komis.IntegrationTests.Billers;

public sealed class RegistryApiTests(KomisAppFactory app) : IntegrationTest(app)
{
    private const string Header = "account,holder_name,address,holder_fin,period,amount,due_date";

    [Fact]
    public async Task Import_GoodFile_CreatesAccountsAndCharges()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var result = await ImportOkAsync(client, Csv(
            "1002003004,Məmmədov Əli,\"Bakı, Nizami küç. 10\",5HK2P7Q,2026-09,20.10,2026-10-20",
            "1002003004,Məmmədov Əli,\"Bakı, Nizami küç. 10\",5HK2P7Q,2026-10,15.25,2026-11-20",
            "1002003005,Həsənova Leyla,Sumqayıt,,,,"));

        Assert.Equal(new RegistryImportResponse(3, 2, 0, 2, 0, 0), result);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal("Bakı, Nizami küç. 10", account!.Address);
        Assert.Equal(35.35m, account.Balance);
        var paidUp = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003005");
        Assert.Empty(paidUp!.Charges);
        Assert.Null(paidUp.HolderFin);
    }

    [Fact]
    public async Task Import_WithBomAndCrlf_AndQuotedCommasAndQuotes_IsRead()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        var text = Header + "\r\n" +
                   "1002003004,\"Əliyev \"\"Kiçik\"\" Rauf\",\"Gəncə, Atatürk pr. 12, m. 7\",,2026-10,7.5,2026-11-20\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var response = await PostAsync(client, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal("Əliyev \"Kiçik\" Rauf", account!.HolderName);
        Assert.Equal("Gəncə, Atatürk pr. 12, m. 7", account.Address);
        Assert.Equal(7.50m, account.Balance);
    }

    [Fact]
    public async Task Import_SameFileAgain_RewritesNoCharge_AndMovesTheAsOfTime()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        var csv = Csv(
            "1002003004,Məmmədov Əli,Bakı,,2026-09,20.10,2026-10-20",
            "1002003004,Məmmədov Əli,Bakı,,2026-10,15.25,2026-11-20");
        await ImportOkAsync(client, csv);
        var before = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        // An unchanged charge keeps its row version: the import does not write it again.
        var xmin = await ChargeVersionAsync();
        var second = await ImportOkAsync(client, csv);
        Assert.Equal(new RegistryImportResponse(2, 0, 1, 0, 0, 0), second);
        Assert.Equal(xmin, await ChargeVersionAsync());

        var after = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(35.35m, after!.Balance);
        Assert.True(after.AsOf > before!.AsOf);
    }

    [Fact]
    public async Task Import_Again_UpdatesAndClosesChargesNotListed()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await ImportOkAsync(client, Csv(
            "1002003004,Məmmədov Əli,Bakı,,2026-09,20.10,2026-10-20",
            "1002003004,Məmmədov Əli,Bakı,,2026-10,15.25,2026-11-20"));

        var second = await ImportOkAsync(client, Csv(
            "1002003004,Məmmədov Əli,Bakı yeni ünvan,,2026-10,16.00,2026-11-20",
            "1002003004,Məmmədov Əli,Bakı yeni ünvan,,2026-11,9.00,2026-12-20"));

        Assert.Equal(new RegistryImportResponse(2, 0, 1, 1, 1, 1), second);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(["2026-10", "2026-11"], account!.Charges.Select(c => c.Period));
        Assert.Equal(25.00m, account.Balance);
        Assert.Equal("Bakı yeni ünvan", account.Address);
    }

    [Fact]
    public async Task Import_AnAccountNowOwingNothing_LosesItsCharges_AndAnAccountNotListed_KeepsItsOwn()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await ImportOkAsync(client, Csv(
            "1002003004,Məmmədov Əli,Bakı,,2026-09,20.10,2026-10-20",
            "1002003004,Məmmədov Əli,Bakı,,2026-10,15.25,2026-11-20",
            "1002003005,Həsənova Leyla,Sumqayıt,,2026-10,7.00,2026-11-20"));

        var second = await ImportOkAsync(client, Csv("1002003004,Məmmədov Əli,Bakı,,,,"));

        Assert.Equal(new RegistryImportResponse(1, 0, 1, 0, 0, 2), second);
        Assert.Empty((await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004"))!.Charges);
        Assert.Equal(7.00m, (await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003005"))!.Balance);
    }

    [Fact]
    public async Task Import_KeepsBackslashesAndALiteralBackslashN_AsWritten()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        await ImportOkAsync(client, Csv(
            "1002003004,\"C:\\Əli\\N\",\\N,,2026-10,1.00,2026-11-20"));

        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal("C:\\Əli\\N", account!.HolderName);
        Assert.Equal("\\N", account.Address);
    }

    [Fact]
    public async Task Import_OlderThanWhatKomisHoldsForAnAccount_Is400_NamingEachOfItsLines_AndChangesNothing()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        var newer = await client.PutAsync("/api/v1/accounts/1002003004", new StringContent(
            "{\"holderName\":\"A\",\"address\":\"B\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, newer.StatusCode);
        var before = await SnapshotAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(
            "1002003005,C,D,,2026-10,1.00,2026-11-20",
            "1002003004,A,B,,2026-09,1.00,2026-10-20",
            "1002003004,A,B,,2026-10,1.00,2026-11-20")));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };

        var response = await client.PostAsync("/api/v1/registry?asOf=2026-11-19T08:00:00Z", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3L, 4L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.All(errors, e => Assert.Equal("account", e.GetProperty("field").GetString()));
        Assert.Equal(before, await SnapshotAsync());
    }

    public static TheoryData<string, long, string> BadFiles => new()
    {
        { "account,name,address\n1002003004,A,B\n", 1, "header" },
        { Header + "\n1002003004,A,B,,2026-10,12.5.0,2026-11-20\n", 2, "amount" },
        { Header + "\n1002003004,A,B,,2026-10,12,50,2026-11-20\n", 2, "file" },
        { Header + "\n1002003004,A,B,,2026-10,\"12,50\",2026-11-20\n", 2, "amount" },
        { Header + "\n1002003004,A,B,,2026-10,-5.00,2026-11-20\n", 2, "amount" },
        { Header + "\n1002003004,A,B,,2026-10,abc,2026-11-20\n", 2, "amount" },
        { Header + "\n1002003004,A,B,,2026-10,1,2026-11-20\n12345,A,B,,2026-10,1,2026-11-20\n", 3, "account" },
        { Header + "\n1002003004,A,B,,2026-10,1,2026-11-20\n1002003004,A,B,,2026-10,2,2026-11-20\n", 3, "period" },
        { Header + "\n1002003004,A,B,,2026-10,1,2026-11-20\n1002003004,Other,B,,2026-11,2,2026-12-20\n", 3, "account" },
        { Header + "\n1002003004,A,B,,10/2026,1,2026-11-20\n", 2, "period" },
        { Header + "\n1002003004,A,B,,2026-10,1,20.11.2026\n", 2, "due_date" },
        { Header + "\n1002003004,A,B,OOOOOOO,2026-10,1,2026-11-20\n", 2, "holder_fin" },
        { Header + "\n1002003004,,B,,2026-10,1,2026-11-20\n", 2, "holder_name" },
        { Header + "\n1002003004,\"A,B,,2026-10,1,2026-11-20\n", 2, "file" },
        { Header + "\n", 2, "file" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Import_BadFile_Is400_WithTheLine_AndLeavesTheDataUntouched(string csv, long line, string field)
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await ImportOkAsync(client, Csv("1002003999,Keep Me,Bakı,,2026-10,5.00,2026-11-20"));
        var before = await SnapshotAsync();

        var response = await PostAsync(client, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var first = problem.RootElement.GetProperty("errors")[0];
        Assert.Equal(line, first.GetProperty("line").GetInt64());
        Assert.Equal(field, first.GetProperty("field").GetString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_NotUtf8_Is400_AndLeavesTheDataUntouched()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        var before = await SnapshotAsync();
        // "Məmmədov" in Windows-1254 style single bytes: 0xFD is never valid on its own in UTF-8.
        var bytes = Encoding.ASCII.GetBytes(Header + "\n1002003004,M").Concat(new byte[] { 0xFD, 0xFE }).Concat(Encoding.ASCII.GetBytes("mmedov,Baki,,2026-10,1,2026-11-20\n")).ToArray();

        var response = await PostAsync(client, bytes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_ManyErrors_ReportsTheFirstTwenty()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        var rows = Enumerable.Range(0, 50).Select(i => $"1002003{i:000},A,B,,2026-10,-1,2026-11-20");

        var response = await PostAsync(client, Encoding.UTF8.GetBytes(Csv(rows.ToArray())));

        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(20, errors.GetArrayLength());
        Assert.Equal(2, errors[0].GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Import_WrongContentType_Is415()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await client.PostAsync("/api/v1/registry", new StringContent(Csv("1002003004,A,B,,2026-10,1,2026-11-20"), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Import_OnlyTouchesTheCallersBiller()
    {
        using var azeriqaz = await App.CreateBillerClientAsync("AZERIQAZ");
        using var azersu = await App.CreateBillerClientAsync("AZERSU");
        await ImportOkAsync(azeriqaz, Csv("1002003004,A,B,,2026-10,1,2026-11-20"));

        await ImportOkAsync(azersu, Csv("20030040,C,D,,2026-10,2,2026-11-20"));

        Assert.Equal(HttpStatusCode.OK, (await azeriqaz.GetAsync("/api/v1/accounts/1002003004")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await azersu.GetAsync("/api/v1/accounts/1002003004")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await azeriqaz.GetAsync("/api/v1/accounts/20030040")).StatusCode);
    }

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return client.PostAsync("/api/v1/registry", content);
    }

    private Task<long> ChargeVersionAsync() => App.WithDbAsync(db =>
        db.Database.SqlQuery<long>($"SELECT xmin::text::bigint AS \"Value\" FROM charges WHERE period = '2026-09-01'").SingleAsync());

    private static async Task<RegistryImportResponse> ImportOkAsync(HttpClient client, string csv)
    {
        var response = await PostAsync(client, Encoding.UTF8.GetBytes(csv));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<RegistryImportResponse>(body, JsonSerializerOptions.Web)!;
    }

    private Task<string> SnapshotAsync() => App.WithDbAsync(async db =>
    {
        var accounts = await db.BillerAccounts.AsNoTracking().Include(a => a.Charges).OrderBy(a => a.Id).ToListAsync();
        return string.Join("|", accounts.Select(a =>
            $"{a.AccountNumber};{a.HolderName};{a.Address};{a.AsOf:O};" + string.Join(",", a.Charges.OrderBy(c => c.Period).Select(c => $"{c.Period}={c.Amount}"))));
    });
}
