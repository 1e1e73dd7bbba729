using System.Collections.Concurrent;
using System.Security.Cryptography;
using Komis.Web.Api.Contracts;

namespace Komis.Web.Integrations.Sandbox;

public enum SandboxBillerBehaviour
{
    /// <summary>Answers at once.</summary>
    Normal,

    /// <summary>Answers 503 to every query.</summary>
    Fail,

    /// <summary>Answers after <see cref="SandboxBiller.Delay"/>.</summary>
    Delay,
}

/// <summary>
/// The state of the sandbox online billers: their accounts and how they behave. One per process; it plays
/// the biller's own system, so Komis reaches it only over HTTP.
/// </summary>
public sealed class SandboxBiller
{
    private readonly ConcurrentDictionary<string, Book> _books = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The bearer secret the sandbox expects; random per process.</summary>
    public string Secret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public TimeSpan Delay { get; private set; } = TimeSpan.FromSeconds(10);

    public void Put(string billerCode, AccountResponse account) => BookOf(billerCode).Accounts[account.AccountNumber] = account;

    public AccountResponse? Find(string billerCode, string accountNumber) =>
        BookOf(billerCode).Accounts.GetValueOrDefault(accountNumber);

    public SandboxBillerBehaviour BehaviourOf(string billerCode) => BookOf(billerCode).Behaviour;

    public int QueriesOf(string billerCode) => BookOf(billerCode).Queries;

    public void SetBehaviour(string billerCode, SandboxBillerBehaviour behaviour, TimeSpan? delay = null)
    {
        BookOf(billerCode).Behaviour = behaviour;
        if (delay is { } d)
        {
            Delay = d;
        }
    }

    internal void CountQuery(string billerCode) => Interlocked.Increment(ref BookOf(billerCode).Queries);

    private Book BookOf(string billerCode) => _books.GetOrAdd(billerCode, _ => new Book());

    private sealed class Book
    {
        public readonly ConcurrentDictionary<string, AccountResponse> Accounts = new();
        public volatile SandboxBillerBehaviour Behaviour = SandboxBillerBehaviour.Normal;
        public int Queries;
    }
}
