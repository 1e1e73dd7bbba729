namespace Komis.Domain.Billers;

public enum BillerCategory
{
    Gas,
    Water,
    Electricity,
    Mobile,
    FixedLine,
    Other,
}

/// <summary>How Komis learns a biller's debts: uploaded registries, or asked in real time.</summary>
public enum IntegrationMode
{
    Registry,
    Online,
}

/// <summary>Connecting billers are shown to citizens as "qoşulma mərhələsində" and take no payments.</summary>
public enum BillerStatus
{
    Connecting,
    Active,
}
