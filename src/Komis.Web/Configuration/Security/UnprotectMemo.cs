using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// What Data Protection read out of a payload, remembered for at most a minute so that the same payload given again
/// (a browser sends the same login and antiforgery cookies with every page) is not decrypted again: two of a signed-in
/// page's three Data Protection operations, each a key derivation and an AES-GCM decryption through OpenSSL.
/// </summary>
/// <remarks>
/// Unprotecting is a pure function of the payload, its purposes and the key ring, so the answer remembered is the
/// answer Data Protection gives: only successful reads are kept, looked up by the whole payload (compared byte for
/// byte, hashed with this process's random seed) under the whole purpose chain, and every check after the decryption
/// (the login ticket's expiry and its 30-second security-stamp check, a time-limited payload's expiry, the antiforgery
/// token's user) still runs on every request. What it changes: a key revoked by hand stops opening a payload seen in
/// the minute before up to a minute later on this node (Data Protection's own key-ring cache already lets other nodes
/// use a revoked key until they next reread the ring). Held in this process's memory only, at most
/// <see cref="Capacity"/> payloads of at most <see cref="MaxPayloadBytes"/> bytes per generation, two generations.
/// </remarks>
public sealed class UnprotectMemo(TimeProvider time)
{
    /// <summary>Payloads remembered per generation; when a generation is full, the next one starts.</summary>
    public const int Capacity = 8192;

    /// <summary>Larger payloads are always decrypted (cookies and tokens are well under this).</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>A generation's length: an entry is dropped within three of them (a minute) of being remembered.</summary>
    public static readonly TimeSpan Generation = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, int> _chains = new(StringComparer.Ordinal);
    private int _lastChain;
    private readonly Lock _swap = new();
    // Replaced together under _swap; a reader that sees the one before a swap answers from a generation just retired.
    private volatile Entries _current = new(time.GetTimestamp());
    private volatile Entries _previous = new(0);

    /// <summary>
    /// A number for a purpose chain: the number of the chain it extends (0 for none) and its last purpose, so that two
    /// chains never share one whatever their purposes' text; keys then compare a number instead of the chain.
    /// </summary>
    internal int ChainId(int parent, string purpose) => _chains.GetOrAdd(
        string.Concat(parent.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", purpose),
        _ => Interlocked.Increment(ref _lastChain));

    /// <summary>
    /// What <paramref name="unprotect"/> gives for the payload under the chain, remembered or read now (and then
    /// remembered); what it throws goes to the caller and nothing is kept. The caller always owns the array returned.
    /// </summary>
    internal byte[] Unprotect(int chain, byte[] protectedData, Func<byte[], byte[]> unprotect)
    {
        if (protectedData.Length > MaxPayloadBytes)
        {
            return unprotect(protectedData);
        }

        var (current, previous) = Generations();
        var key = new Key(chain, protectedData);
        if (current.Map.TryGetValue(key, out var found) || previous.Map.TryGetValue(key, out found))
        {
            return found.AsSpan().ToArray();
        }

        var plaintext = unprotect(protectedData);
        if (Interlocked.Increment(ref current.Count) <= Capacity)
        {
            // Kept as copies: the caller may change or reuse either array.
            current.Map.TryAdd(key.WithOwnCopy(), plaintext.AsSpan().ToArray());
        }

        return plaintext;
    }

    /// <summary>Starts a new generation when the current one is full or old, and forgets one that is older still.</summary>
    private (Entries Current, Entries Previous) Generations()
    {
        var current = _current;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(current.Started, now) < Generation && Volatile.Read(ref current.Count) < Capacity)
        {
            return (current, _previous);
        }

        lock (_swap)
        {
            if (ReferenceEquals(current, _current))
            {
                // After a quiet spell the current generation may itself be too old to keep.
                _previous = time.GetElapsedTime(current.Started, now) < Generation * 2 ? current : new Entries(0);
                _current = new Entries(now);
            }

            return (_current, _previous);
        }
    }

    private sealed class Entries(long started)
    {
        public readonly long Started = started;
        public readonly ConcurrentDictionary<Key, byte[]> Map = new();
        public int Count;
    }

    private readonly struct Key : IEquatable<Key>
    {
        private readonly int _chain;
        private readonly byte[] _payload;
        private readonly int _hash;

        public Key(int chain, byte[] payload)
        {
            _chain = chain;
            _payload = payload;
            var hash = new HashCode(); // seeded at random per process: no payload set can be made to collide on purpose
            hash.Add(chain);
            hash.AddBytes(payload);
            _hash = hash.ToHashCode();
        }

        private Key(int chain, byte[] payload, int hash)
        {
            _chain = chain;
            _payload = payload;
            _hash = hash;
        }

        /// <summary>The same key over a copy of its payload (the hash is not computed again).</summary>
        public Key WithOwnCopy() => new(_chain, _payload.AsSpan().ToArray(), _hash);

        public bool Equals(Key other) => _chain == other._chain && _payload.AsSpan().SequenceEqual(other._payload);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}

/// <summary>Data Protection's provider with <see cref="UnprotectMemo"/> in front of every protector it makes.</summary>
internal sealed class MemoizingDataProtectionProvider(IDataProtectionProvider inner, UnprotectMemo memo) : IDataProtectionProvider
{
    public IDataProtector CreateProtector(string purpose) =>
        new MemoizingDataProtector(inner.CreateProtector(purpose), memo, memo.ChainId(0, purpose));
}

internal sealed class MemoizingDataProtector(IDataProtector inner, UnprotectMemo memo, int chain) : IPersistedDataProtector
{
    // Made once: a method group passed on each call would be a new delegate per cookie read.
    private readonly Func<byte[], byte[]> _unprotect = inner.Unprotect;

    public IDataProtector CreateProtector(string purpose) =>
        new MemoizingDataProtector(inner.CreateProtector(purpose), memo, memo.ChainId(chain, purpose));

    public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

    public byte[] Unprotect(byte[] protectedData) => memo.Unprotect(chain, protectedData, _unprotect);

    /// <summary>Reads payloads under revoked keys too when asked to: never remembered, always Data Protection's own.</summary>
    public byte[] DangerousUnprotect(byte[] protectedData, bool ignoreRevocationErrors, out bool requiresMigration, out bool wasRevoked) =>
        inner is IPersistedDataProtector persisted
            ? persisted.DangerousUnprotect(protectedData, ignoreRevocationErrors, out requiresMigration, out wasRevoked)
            : throw new NotSupportedException("The inner protector cannot read payloads under revoked keys.");
}
