using Komis.Domain.Common;

namespace Komis.Domain.Subscribers;

public enum RegistrationChannel
{
    Internet,
    Branch,
}

/// <summary>
/// A registered citizen (abonent): one per person (FIN), identified to people by the subscriber code.
/// The FIN and the ID card are kept only as keyed hashes (to find the person again) and the card masked.
/// </summary>
public sealed class Subscriber
{
    public const int FullNameMaxLength = 200;
    public const int MaxLinkedAccounts = 30;

    private readonly List<SubscriberAccount> _accounts = [];

    private Subscriber()
    {
        Code = "";
        FullName = "";
        FinHash = [];
        IdCardHash = [];
        IdCardMasked = "";
    }

    public Subscriber(Guid userId, SubscriberCode code, string fullName, byte[] finHash, byte[] idCardHash, string idCardMasked,
        RegistrationChannel channel, DateTimeOffset registeredAt)
        : this()
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Code = code.Value;
        FullName = fullName.Trim();
        FinHash = finHash;
        IdCardHash = idCardHash;
        IdCardMasked = idCardMasked;
        Channel = channel;
        RegisteredAt = registeredAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The login (Identity user) of this subscriber.</summary>
    public Guid UserId { get; private set; }

    public string Code { get; private set; }

    public string FullName { get; private set; }

    public byte[] FinHash { get; private set; }

    public byte[] IdCardHash { get; private set; }

    public string IdCardMasked { get; private set; }

    public RegistrationChannel Channel { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public IReadOnlyList<SubscriberAccount> Accounts => _accounts;

    public string FirstName => FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? FullName;

    public SubscriberAccount Link(long billerAccountId, DateTimeOffset at)
    {
        if (_accounts.Any(a => a.BillerAccountId == billerAccountId))
        {
            throw new DomainException("subscriber.already-linked", "This account is already linked.");
        }

        if (_accounts.Count >= MaxLinkedAccounts)
        {
            throw new DomainException("subscriber.too-many-accounts", "At most 30 accounts can be linked.");
        }

        var link = new SubscriberAccount(Id, billerAccountId, at);
        _accounts.Add(link);
        return link;
    }

    /// <summary>Unlinks one of this subscriber's own links; another subscriber's link id is simply not found.</summary>
    public bool Unlink(long linkId) => _accounts.RemoveAll(a => a.Id == linkId) > 0;

    /// <summary>A newer ID card of the same person (found by FIN) replaces the one on file.</summary>
    public void UpdateIdCard(byte[] idCardHash, string idCardMasked)
    {
        IdCardHash = idCardHash;
        IdCardMasked = idCardMasked;
    }
}

/// <summary>A biller account linked to a subscriber.</summary>
public sealed class SubscriberAccount
{
    private SubscriberAccount()
    {
    }

    internal SubscriberAccount(Guid subscriberId, long billerAccountId, DateTimeOffset linkedAt)
    {
        SubscriberId = subscriberId;
        BillerAccountId = billerAccountId;
        LinkedAt = linkedAt;
    }

    public long Id { get; private set; }

    public Guid SubscriberId { get; private set; }

    public long BillerAccountId { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }
}
