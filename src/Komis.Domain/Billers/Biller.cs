using Komis.Domain.Common;

namespace Komis.Domain.Billers;

/// <summary>A utility or other mass-service company connected to Komis (xidmət təşkilatı).</summary>
public sealed class Biller
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 200;
    public const int BankMaxLength = 200;
    public const int IbanMaxLength = 34;
    public const int EndpointMaxLength = 500;

    private Biller()
    {
        Code = "";
        Name = null!;
        AccountFormat = null!;
        SettlementBank = "";
        SettlementIban = "";
    }

    public Biller(
        string code,
        LocalizedText name,
        BillerCategory category,
        AccountNumberFormat accountFormat,
        IntegrationMode mode,
        string settlementBank,
        string settlementIban,
        decimal minPayment = 0.01m,
        decimal maxPayment = 5_000m)
        : this()
    {
        code = (code ?? "").Trim().ToUpperInvariant();
        if (code.Length is 0 or > CodeMaxLength || !code.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
        {
            throw new DomainException("biller.code", "A biller code is 1-32 Latin capitals, digits or underscores.");
        }

        Code = code;
        Name = name;
        Category = category;
        AccountFormat = accountFormat;
        Mode = mode;
        Status = BillerStatus.Connecting;
        SetSettlement(settlementBank, settlementIban);
        SetPaymentLimits(minPayment, maxPayment);
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public LocalizedText Name { get; private set; }

    public BillerCategory Category { get; private set; }

    public AccountNumberFormat AccountFormat { get; private set; }

    public IntegrationMode Mode { get; private set; }

    public BillerStatus Status { get; private set; }

    public string SettlementBank { get; private set; }

    public string SettlementIban { get; private set; }

    /// <summary>For <see cref="IntegrationMode.Online"/>: the base URL of the biller's debt-query service.</summary>
    public string? OnlineEndpoint { get; private set; }

    /// <summary>Where Komis posts this biller's payment notifications (null: the biller pulls them from the API).</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>The webhook signing secret, encrypted by the app (never stored in the clear).</summary>
    public string? WebhookSecretProtected { get; private set; }

    public decimal MinPayment { get; private set; }

    public decimal MaxPayment { get; private set; }

    public bool IsActive => Status == BillerStatus.Active;

    public void Activate() => Status = BillerStatus.Active;

    public void ChangeAccountFormat(AccountNumberFormat format) => AccountFormat = format;

    public void UseRegistry()
    {
        Mode = IntegrationMode.Registry;
        OnlineEndpoint = null;
    }

    public void UseOnline(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || endpoint.Length > EndpointMaxLength)
        {
            throw new DomainException("biller.endpoint", "The online endpoint must be an absolute http(s) URL.");
        }

        Mode = IntegrationMode.Online;
        OnlineEndpoint = uri.ToString();
    }

    public void SetWebhook(string? url, string? secretProtected)
    {
        if (url is null)
        {
            WebhookUrl = null;
            WebhookSecretProtected = null;
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > EndpointMaxLength)
        {
            throw new DomainException("biller.webhook", "The webhook must be an absolute http(s) URL.");
        }

        WebhookUrl = uri.ToString();
        WebhookSecretProtected = secretProtected ?? throw new DomainException("biller.webhook-secret", "A webhook needs a secret.");
    }

    public void SetSettlement(string bank, string iban)
    {
        bank = (bank ?? "").Trim();
        iban = (iban ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (bank.Length is 0 or > BankMaxLength)
        {
            throw new DomainException("biller.bank", "The settlement bank is required.");
        }

        if (!Iban.IsValid(iban))
        {
            throw new DomainException("biller.iban", "The settlement IBAN is not valid.");
        }

        SettlementBank = bank;
        SettlementIban = iban;
    }

    public void SetPaymentLimits(decimal min, decimal max)
    {
        Money.EnsureValid(min, "The minimum payment", allowZero: false);
        Money.EnsureValid(max, "The maximum payment", allowZero: false);
        if (min > max)
        {
            throw new DomainException("biller.limits", "The minimum payment is above the maximum.");
        }

        MinPayment = min;
        MaxPayment = max;
    }
}
