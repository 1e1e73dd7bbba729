using System.Security.Cryptography;
using System.Text;
using Komis.Domain.Common;

namespace Komis.Domain.Staff;

/// <summary>
/// One line of the audit log: who, when, where, what. It is written in the same transaction as the action it records,
/// and later sealed into a hash chain (sequence, previous hash, own hash) by one chainer, in insertion order, so no
/// action waits for the chain. Editing or deleting a sealed record breaks the chain after it.
/// </summary>
public sealed class AuditRecord
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditRecord()
    {
        Action = "";
        Actor = "";
        Details = "";
    }

    public AuditRecord(DateTimeOffset at, string actor, Guid? actorUserId, Guid? branchId, string? clientAddress, string action, string details)
        : this()
    {
        At = at;
        Actor = actor.Length > 100 ? actor[..100] : actor;
        ActorUserId = actorUserId;
        BranchId = branchId;
        ClientAddress = clientAddress;
        Action = action;
        Details = details.Length > 2000 ? details[..2000] : details;
    }

    /// <summary>Insertion order.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public Guid? BranchId { get; private set; }

    public string? ClientAddress { get; private set; }

    /// <summary>A stable name: "staff.login", "staff.login-failed", "payment.cash", "payment.reversal", ...</summary>
    public string Action { get; private set; }

    /// <summary>What was done; never a password, ID number, FIN or card number.</summary>
    public string Details { get; private set; }

    /// <summary>Position in the chain (1, 2, 3, ...), set when sealed.</summary>
    public long? Sequence { get; private set; }

    public string? PreviousHash { get; private set; }

    public string? Hash { get; private set; }

    public bool IsSealed => Hash is not null;

    public void Seal(long sequence, string previousHash)
    {
        if (IsSealed)
        {
            throw new DomainException("audit.sealed", "An audit record is sealed once.");
        }

        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        var content = string.Join('\u001f', Sequence, At.ToUniversalTime().ToString("O"), Actor, ActorUserId, BranchId, ClientAddress, Action, Details, PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }
}
