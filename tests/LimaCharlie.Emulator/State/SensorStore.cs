namespace LimaCharlie.Emulator.State;

/// <summary>
/// The sensors, tasks and installation keys of one organization. One lock guards everything; sensors are kept in a
/// dictionary plus a list of SIDs sorted ordinally (maintained on insert/delete, never re-sorted per request), so a
/// page is a binary search and a forward scan. Records are immutable: readers get snapshots.
/// </summary>
internal sealed class SensorStore(string oid)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Sensor> _bySid = new(StringComparer.Ordinal);
    private readonly List<string> _sorted = [];
    private readonly List<SensorTask> _tasks = [];
    private readonly HashSet<(string Sid, string Key)> _idempotencyKeys = [];
    private readonly Dictionary<string, InstallationKey> _ikeys = new(StringComparer.Ordinal);
    private int _nextIkeyOrdinal;
    private long _generated;

    public string Oid { get; } = oid;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _bySid.Count;
            }
        }
    }

    // ---- Sensors -----------------------------------------------------------------------------------------------

    /// <summary>Reserves <paramref name="count"/> generator indexes (1-based, continuing across seeding calls).</summary>
    public long ReserveGenerated(int count)
    {
        lock (_gate)
        {
            var first = _generated + 1;
            _generated += count;
            return first;
        }
    }

    /// <summary>Adds sensors whose SIDs are already reserved in the global index.</summary>
    public void AddRange(IReadOnlyList<Sensor> sensors)
    {
        lock (_gate)
        {
            if (sensors.Count > 64)
            {
                // Sort the batch, then merge it with the sorted SIDs in one linear pass.
                var batch = new string[sensors.Count];
                for (var i = 0; i < batch.Length; i++)
                {
                    _bySid.Add(sensors[i].Sid, sensors[i]);
                    batch[i] = sensors[i].Sid;
                }

                Array.Sort(batch, string.CompareOrdinal);
                var merged = new List<string>(_sorted.Count + batch.Length);
                int a = 0, b = 0;
                while (a < _sorted.Count && b < batch.Length)
                {
                    merged.Add(string.CompareOrdinal(_sorted[a], batch[b]) <= 0 ? _sorted[a++] : batch[b++]);
                }

                for (; a < _sorted.Count; a++)
                {
                    merged.Add(_sorted[a]);
                }

                for (; b < batch.Length; b++)
                {
                    merged.Add(batch[b]);
                }

                _sorted.Clear();
                _sorted.AddRange(merged);
                return;
            }

            foreach (var sensor in sensors)
            {
                _bySid.Add(sensor.Sid, sensor);
                var index = _sorted.BinarySearch(sensor.Sid, StringComparer.Ordinal);
                _sorted.Insert(~index, sensor.Sid);
            }
        }
    }

    public Sensor? Find(string sid)
    {
        lock (_gate)
        {
            return _bySid.GetValueOrDefault(sid);
        }
    }

    /// <summary>Replaces a sensor by <paramref name="update"/>(current); null when it is gone.</summary>
    public Sensor? Update(string sid, Func<Sensor, Sensor> update)
    {
        lock (_gate)
        {
            if (!_bySid.TryGetValue(sid, out var current))
            {
                return null;
            }

            var updated = update(current);
            _bySid[sid] = updated;
            return updated;
        }
    }

    public bool Remove(string sid)
    {
        lock (_gate)
        {
            if (!_bySid.Remove(sid))
            {
                return false;
            }

            var index = _sorted.BinarySearch(sid, StringComparer.Ordinal);
            if (index >= 0)
            {
                _sorted.RemoveAt(index);
            }

            return true;
        }
    }

    /// <summary>Every sensor, in SID order.</summary>
    public List<Sensor> All()
    {
        lock (_gate)
        {
            var result = new List<Sensor>(_sorted.Count);
            foreach (var sid in _sorted)
            {
                result.Add(_bySid[sid]);
            }

            return result;
        }
    }

    /// <summary>The sensors matching <paramref name="filter"/>, in SID order.</summary>
    public List<Sensor> Where(Func<Sensor, bool> filter)
    {
        lock (_gate)
        {
            var result = new List<Sensor>();
            foreach (var sid in _sorted)
            {
                var sensor = _bySid[sid];
                if (filter(sensor))
                {
                    result.Add(sensor);
                }
            }

            return result;
        }
    }

    public int CountWhere(Func<Sensor, bool> filter)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var sensor in _bySid.Values)
            {
                if (filter(sensor))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> matching sensors with a SID greater than <paramref name="afterSid"/> (all when
    /// null), in SID order, and whether another matching sensor follows the page.
    /// </summary>
    public (List<Sensor> Page, bool More) Page(string? afterSid, int limit, Func<Sensor, bool> filter)
    {
        lock (_gate)
        {
            var start = 0;
            if (afterSid is not null)
            {
                var index = _sorted.BinarySearch(afterSid, StringComparer.Ordinal);
                start = index >= 0 ? index + 1 : ~index;
            }

            var page = new List<Sensor>(Math.Min(limit, Math.Max(0, _sorted.Count - start)));
            for (var i = start; i < _sorted.Count; i++)
            {
                var sensor = _bySid[_sorted[i]];
                if (!filter(sensor))
                {
                    continue;
                }

                if (page.Count == limit)
                {
                    return (page, true);
                }

                page.Add(sensor);
            }

            return (page, false);
        }
    }

    // ---- Tasks -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Records the tasks of one request unless <paramref name="idempotencyKey"/> was already used for this sensor;
    /// returns whether they were recorded.
    /// </summary>
    public bool RecordTasks(string sid, string? idempotencyKey, Func<IReadOnlyList<SensorTask>> makeTasks)
    {
        lock (_gate)
        {
            if (idempotencyKey is not null && !_idempotencyKeys.Add((sid, idempotencyKey)))
            {
                return false;
            }

            _tasks.AddRange(makeTasks());
            return true;
        }
    }

    public List<SensorTask> Tasks()
    {
        lock (_gate)
        {
            return [.. _tasks];
        }
    }

    public void ClearTasks()
    {
        lock (_gate)
        {
            _tasks.Clear();
            _idempotencyKeys.Clear();
        }
    }

    // ---- Installation keys -------------------------------------------------------------------------------------

    public List<InstallationKey> InstallationKeys()
    {
        lock (_gate)
        {
            return _ikeys.Values.OrderBy(k => k.Ordinal).ToList();
        }
    }

    public InstallationKey? FindInstallationKey(string iid)
    {
        lock (_gate)
        {
            return _ikeys.GetValueOrDefault(iid);
        }
    }

    /// <summary>Creates or replaces a key; <paramref name="make"/> gets the existing key (or null) and the ordinal to use.</summary>
    public InstallationKey SetInstallationKey(string iid, Func<InstallationKey?, int, InstallationKey> make)
    {
        lock (_gate)
        {
            var existing = _ikeys.GetValueOrDefault(iid);
            var key = make(existing, existing?.Ordinal ?? _nextIkeyOrdinal++);
            _ikeys[iid] = key;
            return key;
        }
    }

    public bool RemoveInstallationKey(string iid)
    {
        lock (_gate)
        {
            return _ikeys.Remove(iid);
        }
    }

    public int InstallationKeyCount
    {
        get
        {
            lock (_gate)
            {
                return _ikeys.Count;
            }
        }
    }
}
