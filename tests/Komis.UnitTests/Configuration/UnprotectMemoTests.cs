using System.Security.Cryptography;
using System.Text;
using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Komis.UnitTests.Configuration;

/// <summary>
/// A payload read once is not decrypted again for a while (<see cref="UnprotectMemo"/>), and otherwise everything is
/// as Data Protection answers: purposes stay apart, what fails is never remembered, and nothing is kept past a minute.
/// </summary>
public sealed class UnprotectMemoTests
{
    private readonly SteppedTime _time = new();

    [Fact]
    public void ThePayloadGivenAgain_IsNotDecryptedAgain_AndEachCallerGetsItsOwnCopy()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payload = protector.Protect(Encoding.UTF8.GetBytes("ticket"));

        var first = protector.Unprotect(payload);
        first[0] = (byte)'X'; // a caller changing its array changes nobody else's
        var second = protector.Unprotect((byte[])payload.Clone());

        Assert.Equal("ticket", Encoding.UTF8.GetString(second));
        Assert.Equal(1, counting.Unprotects);
    }

    [Fact]
    public void APayloadReadUnderOnePurpose_IsStillRefusedUnderAnother_AndPurposeChainsDoNotRunTogether()
    {
        var provider = new MemoizingDataProtectionProvider(new EphemeralDataProtectionProvider(), new UnprotectMemo(_time));
        var cookie = provider.CreateProtector("cookie");
        var payload = cookie.Protect(Encoding.UTF8.GetBytes("ticket"));
        Assert.Equal("ticket", Encoding.UTF8.GetString(cookie.Unprotect(payload)));

        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("antiforgery").Unprotect(payload));
        Assert.ThrowsAny<CryptographicException>(() => cookie.CreateProtector("child").Unprotect(payload));

        // "a\nb" then "c" is another chain than "a" then "b\nc", whatever the text of the purposes
        var one = provider.CreateProtector("a\nb").CreateProtector("c");
        var other = provider.CreateProtector("a").CreateProtector("b\nc");
        var underOne = one.Protect([1, 2, 3]);
        Assert.Equal([1, 2, 3], one.Unprotect(underOne));
        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(underOne));
    }

    [Fact]
    public void AChangedPayload_IsRefusedEveryTime_AndNothingIsRemembered()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payload = protector.Protect([1, 2, 3]);
        Assert.Equal([1, 2, 3], protector.Unprotect(payload));
        var changed = (byte[])payload.Clone();
        changed[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(changed));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(changed));
        Assert.Equal(3, counting.Unprotects); // the good one once, the changed one each time
    }

    [Fact]
    public void APayload_IsDecryptedAgain_AtTheLatestAMinuteAfterItWasRemembered()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payload = protector.Protect([7]);
        protector.Unprotect(payload);

        var reads = new List<int>();
        for (var second = 0; second <= 60; second += 5)
        {
            _time.Now = TimeSpan.FromSeconds(second);
            protector.Unprotect(payload);
            reads.Add(counting.Unprotects);
        }

        Assert.Equal(1, reads[0]);          // remembered
        Assert.True(reads[^1] >= 2, "read again within a minute");
        Assert.True(reads[^1] <= 4, $"but not on every call: {string.Join(",", reads)}");
    }

    [Fact]
    public void AfterAQuietSpell_NothingOlderThanAMinuteIsAnswered()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payload = protector.Protect([7]);
        _time.Now = TimeSpan.FromSeconds(19);
        protector.Unprotect(payload); // remembered late in the first generation

        _time.Now = TimeSpan.FromSeconds(39); // the first access after the quiet spell starts a generation
        protector.Unprotect(payload);
        Assert.Equal(1, counting.Unprotects);

        _time.Now = TimeSpan.FromSeconds(19 + 61);
        protector.Unprotect(payload);
        Assert.Equal(2, counting.Unprotects);
    }

    [Fact]
    public void AFullGeneration_StartsTheNext_SoTheMemoryHeldIsBounded()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payloads = Enumerable.Range(0, (UnprotectMemo.Capacity * 2) + 10).Select(i => protector.Protect(BitConverter.GetBytes(i))).ToList();
        foreach (var payload in payloads)
        {
            protector.Unprotect(payload);
        }

        var before = counting.Unprotects;
        protector.Unprotect(payloads[0]); // two generations later, long forgotten
        protector.Unprotect(payloads[^1]); // the newest, remembered

        Assert.Equal(before + 1, counting.Unprotects);
    }

    [Fact]
    public void ALargePayload_IsNeverRemembered()
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var protector = new MemoizingDataProtectionProvider(counting, new UnprotectMemo(_time)).CreateProtector("cookie");
        var payload = protector.Protect(new byte[UnprotectMemo.MaxPayloadBytes]);

        protector.Unprotect(payload);
        protector.Unprotect(payload);

        Assert.Equal(2, counting.Unprotects);
    }

    private sealed class SteppedTime : TimeProvider
    {
        public TimeSpan Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.Ticks;
    }

    private sealed class CountingProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        private int _unprotects;

        public int Unprotects => _unprotects;

        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider owner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), owner);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref owner._unprotects);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
