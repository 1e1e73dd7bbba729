using Komis.Domain.Common;

namespace Komis.Domain.Subscribers;

/// <summary>
/// A registration in progress, after the ID card was verified: the person and the accounts chosen so far.
/// It lives in the database (web nodes keep no session state) and expires; completing it is done once:
/// a second completion finds <see cref="SubscriberId"/> set and creates nothing.
/// </summary>
public sealed class RegistrationDraft
{
    public const int MaxAccounts = 20;

    private List<long> _accountIds = [];

    private RegistrationDraft()
    {
        FullName = "";
        FinHash = [];
        IdCardHash = [];
        IdCardMasked = "";
    }

    public RegistrationDraft(string fullName, byte[] finHash, byte[] idCardHash, string idCardMasked, RegistrationChannel channel,
        DateTimeOffset now, TimeSpan lifetime)
        : this()
    {
        Id = Guid.NewGuid();
        FullName = fullName;
        FinHash = finHash;
        IdCardHash = idCardHash;
        IdCardMasked = idCardMasked;
        Channel = channel;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }

    public string FullName { get; private set; }

    public byte[] FinHash { get; private set; }

    public byte[] IdCardHash { get; private set; }

    public string IdCardMasked { get; private set; }

    public RegistrationChannel Channel { get; private set; }

    /// <summary>The branch that registers a walk-in citizen (null online).</summary>
    public Guid? BranchId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public IReadOnlyList<long> AccountIds => _accountIds;

    /// <summary>Set once the subscriber exists.</summary>
    public Guid? SubscriberId { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>
    /// The initial password, encrypted and time-limited, so the sheet can be shown again for a short while
    /// in the same browser; erased when the draft expires. Never stored in the clear.
    /// </summary>
    public string? ProtectedSheetPassword { get; private set; }

    public bool IsCompleted => SubscriberId is not null;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public void AddAccount(long billerAccountId)
    {
        EnsureOpen();
        if (_accountIds.Contains(billerAccountId))
        {
            return; // adding the same account twice (a double click) changes nothing
        }

        if (_accountIds.Count >= MaxAccounts)
        {
            throw new DomainException("registration.too-many-accounts", "At most 20 accounts in one registration.");
        }

        _accountIds = [.. _accountIds, billerAccountId];
    }

    public void RemoveAccount(long billerAccountId)
    {
        EnsureOpen();
        _accountIds = _accountIds.Where(id => id != billerAccountId).ToList();
    }

    /// <summary>Completes the draft; a password reissue for a subscriber without linked accounts passes <paramref name="requireAccounts"/> false.</summary>
    public void Complete(Guid subscriberId, string protectedSheetPassword, DateTimeOffset now, TimeSpan sheetLifetime, bool requireAccounts = true)
    {
        EnsureOpen();
        if (requireAccounts && _accountIds.Count == 0)
        {
            throw new DomainException("registration.no-accounts", "Link at least one account.");
        }

        SubscriberId = subscriberId;
        CompletedAt = now;
        ProtectedSheetPassword = protectedSheetPassword;
        ExpiresAt = now + sheetLifetime;
    }

    public void AtBranch(Guid branchId) => BranchId = branchId;

    private void EnsureOpen()
    {
        if (IsCompleted)
        {
            throw new DomainException("registration.completed", "This registration is already complete.");
        }
    }
}
