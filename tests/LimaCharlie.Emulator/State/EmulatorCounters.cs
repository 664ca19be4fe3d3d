using System.Collections.Concurrent;

namespace LimaCharlie.Emulator.State;

/// <summary>A point-in-time copy of the emulator's counters.</summary>
/// <param name="Mints">Successful JWT mints per API key id.</param>
/// <param name="MintsTotal">Sum of <paramref name="Mints"/>.</param>
/// <param name="Requests">Requests answered outside <c>/_emu/</c> (JWT endpoint included).</param>
/// <param name="Unauthorized">Of those, how many were answered 401.</param>
/// <param name="FaultsInjected">Requests that an injected fault delayed, failed, cut or replaced.</param>
public sealed record EmulatorCounters(
    IReadOnlyDictionary<string, long> Mints,
    long MintsTotal,
    long Requests,
    long Unauthorized,
    long FaultsInjected);

/// <summary>The live, thread-safe counters behind <see cref="EmulatorCounters"/>.</summary>
internal sealed class CounterSet
{
    private readonly ConcurrentDictionary<string, long> _mints = new(StringComparer.Ordinal);
    private long _requests;
    private long _unauthorized;
    private long _faults;

    public void RecordMint(string keyId) => _mints.AddOrUpdate(keyId, 1, (_, n) => n + 1);

    public void RecordRequest(int status)
    {
        Interlocked.Increment(ref _requests);
        if (status == StatusCodes.Status401Unauthorized)
        {
            Interlocked.Increment(ref _unauthorized);
        }
    }

    public void RecordFault() => Interlocked.Increment(ref _faults);

    public EmulatorCounters Snapshot()
    {
        var mints = new SortedDictionary<string, long>(_mints, StringComparer.Ordinal);
        return new EmulatorCounters(
            mints,
            mints.Values.Sum(),
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _unauthorized),
            Interlocked.Read(ref _faults));
    }

    public void Reset()
    {
        _mints.Clear();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _unauthorized, 0);
        Interlocked.Exchange(ref _faults, 0);
    }
}
