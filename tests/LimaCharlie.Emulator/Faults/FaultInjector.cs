namespace LimaCharlie.Emulator.Faults;

/// <summary>The state of one active fault, as reported by <c>GET /_emu/faults</c>.</summary>
/// <param name="Remaining">Injections left (null: unlimited).</param>
/// <param name="Matched">Requests that matched the fault so far.</param>
/// <param name="Injected">Requests the fault fired on so far.</param>
public sealed record ActiveFault(string Id, FaultSpec Spec, int? Remaining, long Matched, long Injected);

/// <summary>
/// Thread-safe registry of active faults. Faults are evaluated in creation order; the first one that fires
/// handles the request (later faults do not see it). Each consumes its own count and disappears at zero.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _faults = [];
    private long _nextId;

    /// <summary>Validates and activates a fault; returns its id.</summary>
    public string Add(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var id = $"fault-{Interlocked.Increment(ref _nextId)}";
        lock (_gate)
        {
            _faults.Add(new Entry(id, spec));
        }

        return id;
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _faults.RemoveAll(f => f.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<ActiveFault> Active
    {
        get
        {
            lock (_gate)
            {
                return _faults.Select(f => new ActiveFault(f.Id, f.Spec, f.Remaining, f.Matched, f.Injected)).ToList();
            }
        }
    }

    /// <summary>Decides whether a fault fires on this request; returns it (id and spec) or null.</summary>
    public ActiveFault? Next(string method, PathString path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var fault = _faults[i];
                if (!fault.Spec.Matches(method, path) || !fault.FiresOnNextMatch())
                {
                    continue;
                }

                if (fault.Remaining == 0)
                {
                    _faults.RemoveAt(i);
                }

                return new ActiveFault(fault.Id, fault.Spec, fault.Remaining, fault.Matched, fault.Injected);
            }

            return null;
        }
    }

    private sealed class Entry(string id, FaultSpec spec)
    {
        public string Id { get; } = id;

        public FaultSpec Spec { get; } = spec;

        public int? Remaining { get; private set; } = spec.Count;

        public long Matched { get; private set; }

        public long Injected { get; private set; }

        /// <summary>Counts a matching request and tells whether the fault fires on it (caller holds the lock).</summary>
        public bool FiresOnNextMatch()
        {
            Matched++;
            if (Spec.Fraction is { } fraction && fraction < 1)
            {
                var share = (decimal)fraction;
                if (Math.Floor(Matched * share) <= Math.Floor((Matched - 1) * share))
                {
                    return false;
                }
            }

            Injected++;
            if (Remaining is not null)
            {
                Remaining--;
            }

            return true;
        }
    }
}
