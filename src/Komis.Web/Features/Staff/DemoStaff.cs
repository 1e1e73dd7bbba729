using System.Security.Cryptography;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

/// <summary>
/// Demo agents (banks and Azərpoçt) with branches, and one demo login per staff role. Passwords are random and printed
/// once, when the login is created (first `./run.sh`); each login sets up its authenticator app at the first sign-in.
/// </summary>
public sealed class DemoStaff(KomisDbContext db, UserManager<KomisUser> users, TimeProvider clock) : IDemoDataPart
{
    private readonly List<string> _printout = [];

    public int Order => 20;

    public IReadOnlyList<string> Printout => _printout;

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var agents = new (string Code, string Name, AgentKind Kind, (string Code, string Name, string Address, string City)[] Branches)[]
        {
            ("KAPITAL", "Kapital Bank", AgentKind.Bank, [("KB-001", "Nizami filialı", "Nizami küç. 71", "Bakı"), ("KB-002", "Gəncə filialı", "Atatürk pr. 12", "Gəncə")]),
            ("PASHA", "Paşa Bank", AgentKind.Bank, [("PB-001", "Mərkəz filialı", "Yusif Məmmədəliyev küç. 13", "Bakı")]),
            ("AZERPOCT", "Azərpoçt", AgentKind.Post, [("AP-1000", "Bakı AZ1000 poçt şöbəsi", "Azərbaycan pr. 41", "Bakı"), ("AP-5000", "Sumqayıt AZ5000 poçt şöbəsi", "Sülh küç. 2", "Sumqayıt")]),
        };
        foreach (var (code, name, kind, branches) in agents)
        {
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Code == code, cancellationToken);
            if (agent is null)
            {
                agent = new Agent(code, name, kind);
                db.Agents.Add(agent);
                added++;
            }

            foreach (var b in branches)
            {
                if (!await db.Branches.AnyAsync(x => x.Code == b.Code, cancellationToken))
                {
                    db.Branches.Add(new Branch(agent.Id, b.Code, b.Name, b.Address, b.City));
                    added++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var kb001 = await db.Branches.SingleAsync(b => b.Code == "KB-001", cancellationToken);
        var ap1000 = await db.Branches.SingleAsync(b => b.Code == "AP-1000", cancellationToken);
        var azeriqaz = await db.Billers.SingleAsync(b => b.Code == "AZERIQAZ", cancellationToken);
        var logins = new (string UserName, string FullName, StaffRole Role, Guid? Agent, Guid? Branch, int? Biller)[]
        {
            ("kassir.kb001", "Əliyeva Səbinə", StaffRole.Teller, kb001.AgentId, kb001.Id, null),
            ("nezaretci.kb001", "Həsənov Kamran", StaffRole.Supervisor, kb001.AgentId, kb001.Id, null),
            ("kassir.ap1000", "Quliyev Orxan", StaffRole.Teller, ap1000.AgentId, ap1000.Id, null),
            ("admin.kapital", "Məmmədova Aynur", StaffRole.AgentAdmin, kb001.AgentId, null, null),
            ("operator", "Rzayev Tural", StaffRole.Operator, null, null, null),
            ("azeriqaz.baxis", "Abbasova Leyla", StaffRole.BillerViewer, null, null, azeriqaz.Id),
        };
        foreach (var login in logins)
        {
            if (await users.FindByNameAsync(login.UserName) is not null)
            {
                continue;
            }

            var password = RandomNumberGenerator.GetString(Domain.Subscribers.InitialPassword.Alphabet, 14);
            var (user, _) = await StaffLogins.CreateAsync(users, db, login.UserName, password, login.FullName, login.Role, login.Agent, login.Branch, login.Biller, clock.GetUtcNow(), mustChangePassword: true);
            _printout.Add($"  {login.Role,-13} {user.UserName,-18} password {password}");
            added++;
        }

        if (_printout.Count > 0)
        {
            _printout.Insert(0, "Demo staff logins at /staff (shown once; set up an authenticator app at the first sign-in):");
        }

        return added;
    }
}
