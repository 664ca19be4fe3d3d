namespace LimaCharlie.Emulator.State;

/// <summary>Thread-safe ring buffer of the most recent <see cref="RequestRecord"/>s.</summary>
public sealed class RequestLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly RequestRecord?[] _ring = new RequestRecord?[Math.Max(1, capacity)];
    private int _next;
    private int _count;
    private long _seq;

    public int Capacity => _ring.Length;

    /// <summary>Allocates the next sequence number (called when a request arrives).</summary>
    public long NextSequence() => Interlocked.Increment(ref _seq);

    public void Add(RequestRecord record)
    {
        lock (_gate)
        {
            _ring[_next] = record;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>The retained records, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Snapshot()
    {
        lock (_gate)
        {
            var result = new List<RequestRecord>(_count);
            var start = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                result.Add(_ring[(start + i) % _ring.Length]!);
            }

            return result;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _next = 0;
            _count = 0;
        }
    }
}
