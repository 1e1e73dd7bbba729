namespace Komis.Domain.Common;

/// <summary>Rules for amounts of money: AZN with at most two decimals, never floating point.</summary>
public static class Money
{
    public const string Currency = "AZN";

    /// <summary>numeric(18,2): sixteen digits before the point.</summary>
    public const decimal Max = 9_999_999_999_999_999.99m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    public static decimal EnsureValid(decimal amount, string what, bool allowZero = true)
    {
        if (amount < 0 || (!allowZero && amount == 0))
        {
            throw new DomainException("money.not-positive", $"{what} must be {(allowZero ? "zero or more" : "more than zero")}.");
        }

        if (!HasAtMostTwoDecimals(amount))
        {
            throw new DomainException("money.scale", $"{what} has more than two decimals.");
        }

        if (amount > Max)
        {
            throw new DomainException("money.too-large", $"{what} is too large.");
        }

        return amount;
    }
}
