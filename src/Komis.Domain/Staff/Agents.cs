using Komis.Domain.Common;

namespace Komis.Domain.Staff;

public enum AgentKind
{
    Bank,
    Post,
}

/// <summary>An agent or one of its branches: in service, or taken out of it (no payments, none of its staff at work) and back.</summary>
public interface IServiceState
{
    bool IsActive { get; }

    void Disable();

    void Enable();
}

/// <summary>A connected bank or Azərpoçt (agent), whose branches take cash payments.</summary>
public sealed class Agent : IServiceState
{
    private Agent()
    {
        Code = "";
        Name = "";
    }

    public Agent(string code, string name, AgentKind kind)
    {
        code = (code ?? "").Trim().ToUpperInvariant();
        if (code.Length is 0 or > 20 || string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("agent.fields", "An agent has a code (1-20 characters) and a name.");
        }

        Id = Guid.NewGuid();
        Code = code;
        Name = name.Trim();
        Kind = kind;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public AgentKind Kind { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>Out of service: none of its branches takes payments (a bank disconnected, or stopped while something is checked).</summary>
    public void Disable() => IsActive = false;

    public void Enable() => IsActive = true;
}

/// <summary>A branch (filial) of an agent: its service point on receipts.</summary>
public sealed class Branch : IServiceState
{
    private Branch()
    {
        Code = "";
        Name = "";
        Address = "";
        City = "";
    }

    public Branch(Guid agentId, string code, string name, string address, string city)
    {
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("branch.fields", "A branch has a code and a name.");
        }

        Id = Guid.NewGuid();
        AgentId = agentId;
        Code = code.Trim().ToUpperInvariant();
        Name = name.Trim();
        Address = (address ?? "").Trim();
        City = (city ?? "").Trim();
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public Guid AgentId { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public string Address { get; private set; }

    public string City { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>How the branch appears on receipts: "KB-001 Kapital Bank, Nizami filialı".</summary>
    public string ServicePoint(string agentName) => $"{Code} {agentName}, {Name}";

    /// <summary>Out of service: its tellers take no payments (a branch closed, or stopped while something is checked).</summary>
    public void Disable() => IsActive = false;

    public void Enable() => IsActive = true;
}

public enum StaffRole
{
    Teller,
    Supervisor,
    AgentAdmin,
    Operator,
    BillerViewer,
}

/// <summary>
/// A staff member's place: the role and the data scope it reaches. Tellers and supervisors belong to a branch,
/// agent admins to an agent, biller viewers to a biller; operators are central.
/// </summary>
public sealed class StaffMember
{
    private StaffMember()
    {
        FullName = "";
    }

    public StaffMember(Guid userId, string fullName, StaffRole role, Guid? agentId, Guid? branchId, int? billerId)
    {
        var ok = role switch
        {
            StaffRole.Teller or StaffRole.Supervisor => branchId is not null && agentId is not null && billerId is null,
            StaffRole.AgentAdmin => agentId is not null && branchId is null && billerId is null,
            StaffRole.Operator => agentId is null && branchId is null && billerId is null,
            StaffRole.BillerViewer => billerId is not null && agentId is null && branchId is null,
            _ => false,
        };
        if (!ok || string.IsNullOrWhiteSpace(fullName))
        {
            throw new DomainException("staff.scope", "The role does not match its branch, agent or biller.");
        }

        UserId = userId;
        FullName = fullName.Trim();
        Role = role;
        AgentId = agentId;
        BranchId = branchId;
        BillerId = billerId;
        IsActive = true;
    }

    public Guid UserId { get; private set; }

    public string FullName { get; private set; }

    public StaffRole Role { get; private set; }

    public Guid? AgentId { get; private set; }

    public Guid? BranchId { get; private set; }

    public int? BillerId { get; private set; }

    public bool IsActive { get; private set; }

    public void Disable() => IsActive = false;

    public void Enable() => IsActive = true;
}
