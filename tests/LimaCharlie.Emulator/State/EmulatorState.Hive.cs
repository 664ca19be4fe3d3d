using System.Text.Json;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Hive records (per org and hive name; the partition key is the OID), outputs and org values
/// (<c>EmulatorState.Configs.cs</c>). One lock guards the three; records handed out are immutable snapshots.
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>Error text of a missing record (the service's code).</summary>
    public const string RecordNotFound = "lc_error_code:RECORD_NOT_FOUND";

    /// <summary>Error text of a stale or unexpected <c>etag</c> (the service's code).</summary>
    public const string EtagMismatch = "lc_error_code:ETAG_MISMATCH";

    /// <summary>Error text of a rename onto an existing record.</summary>
    public const string RecordExists = "lc_error_code:RECORD_ALREADY_EXISTS";

    private readonly Lock _configGate = new();
    private readonly Dictionary<(string Oid, string Hive), SortedDictionary<string, HiveRecord>> _hives = [];

    // ---- Reads -------------------------------------------------------------------------------------------------

    /// <summary>The records of one hive of an org, by name (ordinal); 400/404 for a malformed/unknown org.</summary>
    public IReadOnlyList<HiveRecord> HiveRecords(string oid, string hive)
    {
        var key = (ConfigOid(oid), hive);
        lock (_configGate)
        {
            return _hives.TryGetValue(key, out var records) ? records.Values.ToList() : [];
        }
    }

    /// <summary>One record, or null.</summary>
    public HiveRecord? FindHiveRecord(string oid, string hive, string name)
    {
        var key = (ConfigOid(oid), hive);
        lock (_configGate)
        {
            return _hives.TryGetValue(key, out var records) ? records.GetValueOrDefault(name) : null;
        }
    }

    // ---- Seeding (control API / C# API) ------------------------------------------------------------------------

    /// <summary>
    /// Creates or updates a record without the API's checks (any data shape), by <see cref="EmulatorIdent"/>; always
    /// makes a new etag (tests use this to simulate a concurrent edit). See <see cref="HiveRecordSeed"/> for defaults.
    /// </summary>
    public HiveRecord SetHiveRecord(string oid, string hive, string name, HiveRecordSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        RequireHiveNames(hive, name);
        var data = seed.Data is { ValueKind: not JsonValueKind.Undefined } element ? element.Clone() : (JsonElement?)null;
        return WriteHive(ConfigOid(oid), hive, name, EmulatorIdent, existing =>
        {
            var mtd = existing?.UsrMtd ?? HiveUserMetadata.Default with { Enabled = true };
            mtd = mtd with
            {
                Enabled = seed.Enabled ?? mtd.Enabled,
                Expiry = seed.Expiry ?? mtd.Expiry,
                Tags = seed.Tags?.ToList() ?? mtd.Tags,
                Comment = seed.Comment ?? mtd.Comment,
                UiActions = seed.UiActions is { ValueKind: not JsonValueKind.Undefined } actions ? actions.Clone() : mtd.UiActions,
            };
            return (data ?? existing?.Data, mtd);
        });
    }

    /// <summary>Convenience seeding: <paramref name="data"/> is serialized to JSON (a <see cref="JsonElement"/> is taken as is).</summary>
    public HiveRecord SetHiveRecord(
        string oid,
        string hive,
        string name,
        object? data,
        bool? enabled = null,
        IEnumerable<string>? tags = null,
        string? comment = null,
        long? expiry = null) =>
        SetHiveRecord(oid, hive, name, new HiveRecordSeed
        {
            Data = data is JsonElement element ? element : data is null ? null : JsonSerializer.SerializeToElement(data),
            Enabled = enabled,
            Tags = tags?.ToList(),
            Comment = comment,
            Expiry = expiry,
        });

    // ---- API writes --------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>POST .../{key}/data</c>: upsert. <paramref name="hasData"/> false keeps the current data (null for a new
    /// record); <paramref name="usrMtd"/> null keeps the current metadata (disabled defaults for a new record);
    /// a non-null <paramref name="etag"/> must equal the current one (409 <see cref="EtagMismatch"/>, also when the
    /// record does not exist).
    /// </summary>
    public HiveRecord PutHiveData(
        string oid, string hive, string name, bool hasData, JsonElement? data, HiveUserMetadata? usrMtd, string? etag, string author)
    {
        RequireHiveNames(hive, name);
        var value = data?.Clone();
        return WriteHive(ConfigOid(oid), hive, name, author, existing =>
        {
            CheckEtag(existing, etag);
            return (hasData ? value : existing?.Data, usrMtd ?? existing?.UsrMtd ?? HiveUserMetadata.Default);
        });
    }

    /// <summary><c>POST .../{key}/mtd</c>: replaces the metadata of an existing record (404 <see cref="RecordNotFound"/>).</summary>
    public HiveRecord PutHiveMetadata(string oid, string hive, string name, HiveUserMetadata usrMtd, string? etag, string author)
    {
        ArgumentNullException.ThrowIfNull(usrMtd);
        RequireHiveNames(hive, name);
        return WriteHive(ConfigOid(oid), hive, name, author, existing =>
        {
            if (existing is null)
            {
                throw EmulatorException.NotFound(RecordNotFound);
            }

            CheckEtag(existing, etag);
            return (existing.Data, usrMtd);
        });
    }

    /// <summary>
    /// Renames a record (keeping data, metadata and guid; new etag): 404 if the source is unknown, 409 if the
    /// target exists.
    /// </summary>
    public HiveRecord RenameHiveRecord(string oid, string hive, string name, string newName, string author)
    {
        RequireHiveNames(hive, name);
        RequireHiveNames(hive, newName);
        var key = (ConfigOid(oid), hive);
        lock (_configGate)
        {
            if (!_hives.TryGetValue(key, out var records) || !records.TryGetValue(name, out var existing))
            {
                throw EmulatorException.NotFound(RecordNotFound);
            }

            if (records.ContainsKey(newName))
            {
                throw EmulatorException.Conflict($"{RecordExists}: {newName}");
            }

            var renamed = existing with
            {
                Name = newName,
                SysMtd = existing.SysMtd with { Etag = NewEtag(), LastAuthor = author, LastMod = NowMs() },
            };
            records.Remove(name);
            records.Add(newName, renamed);
            return renamed;
        }
    }

    /// <summary>Deletes a record; false if unknown.</summary>
    public bool DeleteHiveRecord(string oid, string hive, string name)
    {
        var key = (ConfigOid(oid), hive);
        lock (_configGate)
        {
            return _hives.TryGetValue(key, out var records) && records.Remove(name);
        }
    }

    // ---- Internals ---------------------------------------------------------------------------------------------

    private HiveRecord WriteHive(
        string oid, string hive, string name, string author, Func<HiveRecord?, (JsonElement? Data, HiveUserMetadata UsrMtd)> update)
    {
        var key = (oid, hive);
        lock (_configGate)
        {
            _hives.TryGetValue(key, out var records);
            var existing = records?.GetValueOrDefault(name);
            var (data, usrMtd) = update(existing);
            var now = NowMs();
            var sys = existing?.SysMtd is { } previous
                ? previous with { Etag = NewEtag(), LastAuthor = author, LastMod = now }
                : new HiveSystemMetadata(NewEtag(), author, now, author, now, Ids.NewUuid(), string.Empty, 0);
            var record = new HiveRecord(hive, oid, name, data, usrMtd, sys);
            if (records is null)
            {
                records = new SortedDictionary<string, HiveRecord>(StringComparer.Ordinal);
                _hives.Add(key, records);
            }

            records[name] = record;
            return record;
        }
    }

    private static void CheckEtag(HiveRecord? existing, string? etag)
    {
        if (etag is null)
        {
            return;
        }

        if (existing is null)
        {
            throw EmulatorException.Conflict($"{EtagMismatch}: record does not exist (etag {etag})");
        }

        if (!string.Equals(existing.SysMtd.Etag, etag, StringComparison.Ordinal))
        {
            throw EmulatorException.Conflict($"{EtagMismatch}: etag {etag} is not the current etag of the record");
        }
    }

    private static void RequireHiveNames(string hive, string name)
    {
        if (string.IsNullOrEmpty(hive))
        {
            throw EmulatorException.BadRequest("hive name is required");
        }

        if (string.IsNullOrEmpty(name))
        {
            throw EmulatorException.BadRequest("record name is required");
        }
    }

    /// <summary>The canonical OID of an existing org: 400 malformed, 404 unknown.</summary>
    private string ConfigOid(string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            throw EmulatorException.BadRequest("oid must be a UUID");
        }

        return FindOrg(normalized)?.Oid ?? throw EmulatorException.NotFound("organization not found");
    }

    private long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string NewEtag() => Ids.NewHex(16);

    private void ResetConfigs()
    {
        lock (_configGate)
        {
            _hives.Clear();
            _outputs.Clear();
            _orgValues.Clear();
        }
    }
}
