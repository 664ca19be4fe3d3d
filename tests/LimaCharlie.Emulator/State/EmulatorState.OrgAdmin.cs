using System.Text.Json;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Org lifecycle: rename, quota, sensor version, the two-step delete, and the seeded quota usage, usage history and
/// component errors (guarded by <c>_orgAdminGate</c>; org records themselves by <c>_gate</c>).
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>How long a delete confirmation lives unless a test changes it.</summary>
    public static readonly TimeSpan DefaultDeleteConfirmationLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The version <c>is_fallback=true</c> ("stable") selects; also reported in <c>latest_versions</c>.</summary>
    public const string StableSensorVersion = "4.33.19";

    /// <summary>The <c>sensor_version</c> an org reports after <c>is_sleep=true</c>.</summary>
    public const string DormantSensorVersion = "dormant";

    private static readonly Regex VersionPattern = new(@"^\d{1,4}\.\d{1,4}\.\d{1,6}$", RegexOptions.CultureInvariant);

    private readonly Lock _orgAdminGate = new();
    private readonly Dictionary<string, (string Oid, DateTimeOffset Expires)> _deleteConfirmations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgUsage> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _usageHistory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrgErrorEntry>> _orgErrors = new(StringComparer.Ordinal);
    private long _deleteConfirmationTicks = DefaultDeleteConfirmationLifetime.Ticks;

    /// <summary>Lifetime of delete confirmations; zero makes every confirmation expired on arrival.</summary>
    public TimeSpan DeleteConfirmationLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _deleteConfirmationTicks));
        set
        {
            if (value < TimeSpan.Zero)
            {
                throw EmulatorException.BadRequest("delete confirmation lifetime must not be negative");
            }

            Interlocked.Exchange(ref _deleteConfirmationTicks, value.Ticks);
        }
    }

    /// <summary>Renames an org and/or changes its description (null keeps the current value); 409 for a name in use.</summary>
    public Organization RenameOrg(string oid, string? name, string? description)
    {
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxOrgNameLength))
        {
            throw EmulatorException.BadRequest($"name must be 1 to {MaxOrgNameLength} characters");
        }

        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            if (name is not null && _orgs.Values.Any(o => o.Oid != org.Oid && string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw EmulatorException.Conflict("organization name already in use");
            }

            var updated = org with { Name = name ?? org.Name, Description = description ?? org.Description };
            _orgs[org.Oid] = updated;
            return updated;
        }
    }

    public Organization SetOrgQuota(string oid, int quota)
    {
        if (quota < 0)
        {
            throw EmulatorException.BadRequest("quota must be 0 or more");
        }

        return UpdateOrg(oid, org => org with { SensorQuota = quota });
    }

    /// <summary>
    /// The org's sensor version: <c>latest</c> or a version number, else <paramref name="fallback"/> (stable) or
    /// <paramref name="sleep"/> (dormant); at most one of the three (400 otherwise). None re-applies the current
    /// version (the Python CLI's <c>sensor upgrade</c> sends no parameter).
    /// </summary>
    public Organization SetSensorVersion(string oid, string? specificVersion, bool fallback, bool sleep)
    {
        var chosen = (specificVersion is null ? 0 : 1) + (fallback ? 1 : 0) + (sleep ? 1 : 0);
        if (chosen > 1)
        {
            throw EmulatorException.BadRequest("at most one of specific_version, is_fallback=true or is_sleep=true is allowed");
        }

        if (chosen == 0)
        {
            return FindOrg(oid) ?? throw EmulatorException.NotFound("organization not found");
        }

        string version;
        if (sleep)
        {
            version = DormantSensorVersion;
        }
        else if (fallback)
        {
            version = StableSensorVersion;
        }
        else if (string.Equals(specificVersion, "latest", StringComparison.OrdinalIgnoreCase))
        {
            version = Organization.DefaultSensorVersion;
        }
        else if (VersionPattern.IsMatch(specificVersion!))
        {
            version = specificVersion!;
        }
        else
        {
            throw EmulatorException.BadRequest($"invalid specific_version '{specificVersion}': expected 'latest' or a version such as 4.33.20");
        }

        return UpdateOrg(oid, org => org with { SensorVersion = version });
    }

    /// <summary>Step 1 of the delete: a confirmation token for this org, valid <see cref="DeleteConfirmationLifetime"/>.</summary>
    public string IssueDeleteConfirmation(string oid)
    {
        var org = FindOrg(oid) ?? throw EmulatorException.NotFound("organization not found");
        var token = Ids.NewHex() + Ids.NewHex();
        lock (_orgAdminGate)
        {
            _deleteConfirmations[token] = (org.Oid, Time.GetUtcNow() + DeleteConfirmationLifetime);
        }

        return token;
    }

    /// <summary>
    /// Step 2: deletes the org if <paramref name="confirmation"/> was issued for it and has not expired (400 missing or
    /// expired, 403 unknown or issued for another org). A token is good for one attempt.
    /// </summary>
    public void DeleteOrgConfirmed(string oid, string? confirmation)
    {
        var org = FindOrg(oid) ?? throw EmulatorException.NotFound("organization not found");
        if (string.IsNullOrWhiteSpace(confirmation))
        {
            throw EmulatorException.BadRequest("confirmation is required: get one from GET /v1/orgs/{oid}/delete");
        }

        (string Oid, DateTimeOffset Expires) issued;
        lock (_orgAdminGate)
        {
            if (!_deleteConfirmations.Remove(confirmation, out issued) || issued.Oid != org.Oid)
            {
                throw new EmulatorException(StatusCodes.Status403Forbidden, "invalid confirmation token for this organization");
            }
        }

        if (Time.GetUtcNow() >= issued.Expires)
        {
            throw EmulatorException.BadRequest("confirmation token expired: get a new one from GET /v1/orgs/{oid}/delete");
        }

        DeleteOrg(org.Oid);
    }

    /// <summary>Removes an org with its grants, usage and errors, and revokes its org keys; false if unknown.</summary>
    public bool DeleteOrg(string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_orgs.Remove(normalized))
            {
                return false;
            }

            foreach (var byOrg in _grants.Values)
            {
                byOrg.Remove(normalized);
            }
        }

        foreach (var key in _keysById.Values.Where(k => k.Oid == normalized))
        {
            RevokeKey(key.Id);
        }

        lock (_orgAdminGate)
        {
            _usage.Remove(normalized);
            _usageHistory.Remove(normalized);
            _orgErrors.Remove(normalized);
        }

        return true;
    }

    // ---- Usage -------------------------------------------------------------------------------------------------

    /// <summary>The seeded quota usage of an org, or null when none was seeded.</summary>
    public OrgUsage? Usage(string oid)
    {
        var org = ExistingOrg(oid);
        lock (_orgAdminGate)
        {
            return _usage.GetValueOrDefault(org.Oid);
        }
    }

    public void SetUsage(string oid, OrgUsage usage)
    {
        var org = ExistingOrg(oid);
        lock (_orgAdminGate)
        {
            _usage[org.Oid] = usage;
        }
    }

    /// <summary>Usage history: date (<c>YYYY-MM-DD</c>) → JSON object of metrics.</summary>
    public IReadOnlyDictionary<string, string> UsageHistory(string oid)
    {
        var org = ExistingOrg(oid);
        lock (_orgAdminGate)
        {
            return _usageHistory.TryGetValue(org.Oid, out var days)
                ? new SortedDictionary<string, string>(days, StringComparer.Ordinal)
                : new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Adds or replaces days of usage history; 400 for a date that is not <c>YYYY-MM-DD</c> or metrics that are not an object.</summary>
    public void SetUsageHistory(string oid, IReadOnlyDictionary<string, JsonElement> days)
    {
        var org = ExistingOrg(oid);
        foreach (var (date, metrics) in days)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out _))
            {
                throw EmulatorException.BadRequest($"invalid date '{date}': expected YYYY-MM-DD");
            }

            if (metrics.ValueKind != JsonValueKind.Object)
            {
                throw EmulatorException.BadRequest($"the usage of {date} must be an object of metrics");
            }
        }

        lock (_orgAdminGate)
        {
            if (!_usageHistory.TryGetValue(org.Oid, out var stored))
            {
                stored = new SortedDictionary<string, string>(StringComparer.Ordinal);
                _usageHistory.Add(org.Oid, stored);
            }

            foreach (var (date, metrics) in days)
            {
                stored[date] = metrics.GetRawText();
            }
        }
    }

    // ---- Errors ------------------------------------------------------------------------------------------------

    public IReadOnlyList<OrgErrorEntry> OrgErrors(string oid)
    {
        var org = ExistingOrg(oid);
        lock (_orgAdminGate)
        {
            return _orgErrors.TryGetValue(org.Oid, out var list) ? list.ToList() : [];
        }
    }

    /// <summary>Adds error entries (a blank component or error text is a 400); <c>ts</c> defaults to now (ms).</summary>
    public IReadOnlyList<OrgErrorEntry> AddOrgErrors(string oid, IEnumerable<OrgErrorEntry> entries)
    {
        var org = ExistingOrg(oid);
        var added = new List<OrgErrorEntry>();
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Component) || string.IsNullOrWhiteSpace(entry.Error))
            {
                throw EmulatorException.BadRequest("every error needs a component and an error text");
            }

            added.Add(entry with { Ts = entry.Ts > 0 ? entry.Ts : Time.GetUtcNow().ToUnixTimeMilliseconds() });
        }

        lock (_orgAdminGate)
        {
            if (!_orgErrors.TryGetValue(org.Oid, out var list))
            {
                list = [];
                _orgErrors.Add(org.Oid, list);
            }

            list.AddRange(added);
        }

        return added;
    }

    /// <summary>Dismisses every error of a component; 404 when the org has none for it.</summary>
    public void DismissOrgError(string oid, string component)
    {
        var org = ExistingOrg(oid);
        lock (_orgAdminGate)
        {
            if (!_orgErrors.TryGetValue(org.Oid, out var list) || list.RemoveAll(e => e.Component == component) == 0)
            {
                throw EmulatorException.NotFound($"no error for component '{component}'");
            }
        }
    }

    private void ResetOrgAdmin()
    {
        lock (_orgAdminGate)
        {
            _deleteConfirmations.Clear();
            _usage.Clear();
            _usageHistory.Clear();
            _orgErrors.Clear();
        }

        DeleteConfirmationLifetime = DefaultDeleteConfirmationLifetime;
    }

    private Organization UpdateOrg(string oid, Func<Organization, Organization> change)
    {
        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            var updated = change(org);
            _orgs[org.Oid] = updated;
            return updated;
        }
    }

    private Organization ExistingOrg(string oid)
    {
        lock (_gate)
        {
            return RequireOrgLocked(oid);
        }
    }
}

/// <summary>Seeded quota usage: <c>breakdown</c> category → count and weight of each.</summary>
public sealed record OrgUsage(IReadOnlyDictionary<string, OrgUsageCategory> Breakdown)
{
    /// <summary>The weighted total the API reports as <c>usage</c>.</summary>
    public long Total => (long)Math.Round(Breakdown.Values.Sum(c => c.Weighted));
}

public sealed record OrgUsageCategory(long Count, double Weight)
{
    /// <summary>The category's share of the usage, reported as its <c>quota</c>.</summary>
    public double Weighted => Count * Weight;
}

/// <summary>One error of an org component, as <c>GET /v1/errors/{oid}</c> lists it (<c>ts</c> in ms).</summary>
public sealed record OrgErrorEntry(string Component, string Error, long Ts, JsonElement? Extra);
