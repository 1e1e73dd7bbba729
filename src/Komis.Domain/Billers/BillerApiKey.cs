namespace Komis.Domain.Billers;

/// <summary>
/// A key a biller's system uses on the API. Only its public prefix and a hash of the whole key are stored;
/// the key itself is shown once, when issued.
/// </summary>
public sealed class BillerApiKey
{
    public const int PrefixLength = 12;

    private BillerApiKey()
    {
        Prefix = "";
        Hash = [];
    }

    public BillerApiKey(int billerId, string prefix, byte[] hash, DateTimeOffset createdAt)
    {
        BillerId = billerId;
        Prefix = prefix;
        Hash = hash;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public int BillerId { get; private set; }

    public string Prefix { get; private set; }

    public byte[] Hash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTimeOffset at) => RevokedAt ??= at;
}
