using System.Collections.Concurrent;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Everything the emulated cloud knows: organizations, users and their grants, API keys, sensors, tasks and
/// installation keys (<c>EmulatorState.Sensors.cs</c>), settings, faults, the request log and counters. One instance
/// per <see cref="EmulatorServer"/>. Every member is thread-safe; records handed out are immutable snapshots.
/// Failures throw <see cref="EmulatorException"/> (400/404/409).
/// </summary>
public sealed partial class EmulatorState
{
    public const int MaxOrgNameLength = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Organization> _orgs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, OrgGrant>> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _keysById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyIdsBySecret = new(StringComparer.Ordinal);
    private readonly CounterSet _counters = new();
    private readonly TimeSpan _defaultTokenLifetime;
    private long _tokenLifetimeTicks;

    public EmulatorState(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        Time = options.TimeProvider;
        RequestLog = new RequestLog(options.RequestLogCapacity);
        _defaultTokenLifetime = options.TokenLifetime;
        TokenLifetime = options.TokenLifetime;
    }

    /// <summary>The clock of token times and timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Base URL of the server owning this state (set once it listens).</summary>
    public Uri? BaseUrl { get; internal set; }

    /// <summary>Lifetime of newly minted tokens when the client does not ask for an <c>expiry</c>.</summary>
    public TimeSpan TokenLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _tokenLifetimeTicks));
        set
        {
            if (value <= TimeSpan.Zero)
            {
                throw EmulatorException.BadRequest("token lifetime must be positive");
            }

            Interlocked.Exchange(ref _tokenLifetimeTicks, value.Ticks);
        }
    }

    public FaultInjector Faults { get; } = new();

    public RequestLog RequestLog { get; }

    /// <summary>The recorded requests, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Requests => RequestLog.Snapshot();

    public EmulatorCounters Counters => _counters.Snapshot();

    /// <summary>Forgets every org, user, key, fault, recorded request and counter; restores the start-up settings.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _orgs.Clear();
            _users.Clear();
            _grants.Clear();
            _keysById.Clear();
            _keyIdsBySecret.Clear();
        }

        ResetSensors();
        ResetConfigs();
        ResetInsight();
        ResetIocs();
        ResetSearch();
        ResetAccess();
        ResetOrgAdmin();
        ResetGroups();
        ResetExtensions();
        ResetFiles();
        ResetServices();
        ResetReliableTasks();

        Faults.Clear();
        RequestLog.Clear();
        _counters.Reset();
        TokenLifetime = _defaultTokenLifetime;
    }

    // ---- Faults, requests, counters ----------------------------------------------------------------------------

    /// <summary>Activates a fault (see <see cref="FaultSpec"/>); returns its id.</summary>
    public string AddFault(FaultSpec spec) => Faults.Add(spec);

    public void ClearFaults() => Faults.Clear();

    public void ClearRequests() => RequestLog.Clear();

    internal void RecordRequest(RequestRecord record)
    {
        RequestLog.Add(record);
        _counters.RecordRequest(record.Status);
    }

    internal void RecordMint(string keyId)
    {
        _counters.RecordMint(keyId);
        _keyLastUsed[keyId] = Time.GetUtcNow();
    }

    internal void RecordFaultInjected() => _counters.RecordFault();

    // ---- Organizations -----------------------------------------------------------------------------------------

    public IReadOnlyList<Organization> Orgs
    {
        get
        {
            lock (_gate)
            {
                return _orgs.Values.OrderBy(o => o.Created).ThenBy(o => o.Oid, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Creates an organization. <paramref name="location"/> is a <c>loc</c> value (default <c>usa</c>).</summary>
    public Organization CreateOrg(
        string name,
        string? oid = null,
        string? description = null,
        string? location = null,
        string? template = null,
        int sensorQuota = 0)
    {
        lock (_gate)
        {
            return AddOrgLocked(name, oid, description, location, template, sensorQuota);
        }
    }

    /// <summary>Creates an organization owned by <paramref name="uid"/> (with every permission), atomically.</summary>
    public Organization CreateOrgOwnedBy(string uid, string name, string location, string? template = null)
    {
        lock (_gate)
        {
            if (!_users.ContainsKey(uid))
            {
                throw EmulatorException.NotFound("user not found");
            }

            var org = AddOrgLocked(name, null, null, location, template, 0);
            GrantLocked(uid, org.Oid, null, owner: true);
            return org;
        }
    }

    /// <summary>The org with this OID (any case), or null.</summary>
    public Organization? FindOrg(string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            return null;
        }

        lock (_gate)
        {
            return _orgs.GetValueOrDefault(normalized);
        }
    }

    public bool IsOrgNameAvailable(string name)
    {
        lock (_gate)
        {
            return !OrgNameTakenLocked(name);
        }
    }

    // ---- Users -------------------------------------------------------------------------------------------------

    public IReadOnlyList<User> Users
    {
        get
        {
            lock (_gate)
            {
                return _users.Values.ToList();
            }
        }
    }

    /// <summary>Creates a user; <paramref name="uid"/> defaults to a random Firebase-like id.</summary>
    public User CreateUser(string email, string? uid = null)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw EmulatorException.BadRequest("email is required");
        }

        if (uid is not null && string.IsNullOrWhiteSpace(uid))
        {
            throw EmulatorException.BadRequest("uid must not be blank");
        }

        var user = new User(uid ?? Ids.NewUid(), email);
        lock (_gate)
        {
            if (!_users.TryAdd(user.Uid, user))
            {
                throw EmulatorException.Conflict("user already exists");
            }
        }

        return user;
    }

    public User? FindUser(string uid)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(uid);
        }
    }

    /// <summary>Gives a user access to an org (replacing any previous grant); default permissions: all.</summary>
    public OrgGrant GrantOrg(string uid, string oid, IEnumerable<string>? perms = null, bool owner = false)
    {
        lock (_gate)
        {
            if (!_users.ContainsKey(uid))
            {
                throw EmulatorException.NotFound("user not found");
            }

            return GrantLocked(uid, RequireOrgLocked(oid).Oid, perms, owner);
        }
    }

    /// <summary>The grant of <paramref name="uid"/> on <paramref name="oid"/>, or null.</summary>
    public OrgGrant? FindGrant(string uid, string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            return null;
        }

        lock (_gate)
        {
            return _grants.TryGetValue(uid, out var byOrg) ? byOrg.GetValueOrDefault(normalized) : null;
        }
    }

    /// <summary>The organizations a user can access now, with the user's grant on each.</summary>
    public IReadOnlyList<UserOrgAccess> UserOrgs(string uid)
    {
        lock (_gate)
        {
            if (!_grants.TryGetValue(uid, out var byOrg))
            {
                return [];
            }

            return byOrg.Values
                .Where(g => _orgs.ContainsKey(g.Oid))
                .Select(g => new UserOrgAccess(_orgs[g.Oid], g))
                .ToList();
        }
    }

    // ---- API keys ----------------------------------------------------------------------------------------------

    public IReadOnlyList<ApiKey> Keys => _keysById.Values.OrderBy(k => k.Created).ToList();

    public ApiKey CreateOrgKey(string oid, string? name = null, IEnumerable<string>? perms = null, string? secret = null) =>
        CreateKey(new KeySpec { Kind = ApiKeyKind.Org, Oid = oid, Name = name, Perms = perms?.ToList(), Secret = secret });

    public ApiKey CreateUserKey(string uid, string? name = null, string? secret = null) =>
        CreateKey(new KeySpec { Kind = ApiKeyKind.User, Uid = uid, Name = name, Secret = secret });

    /// <summary>Creates an org or user API key; the org or user must exist.</summary>
    public ApiKey CreateKey(KeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var secret = spec.Secret ?? Ids.NewUuid();
        if (!Guid.TryParse(secret, out _))
        {
            throw EmulatorException.BadRequest("secret must be a UUID string");
        }

        var id = Ids.NewHex();
        ApiKey key;
        lock (_gate)
        {
            key = spec.Kind switch
            {
                ApiKeyKind.Org => new ApiKey(
                    id, ApiKeyKind.Org, secret, spec.Name ?? $"api-key-{id}", RequireOrgLocked(spec.Oid).Oid, null,
                    (spec.Perms ?? OrgPermissions.All).Distinct(StringComparer.Ordinal).ToList(), Time.GetUtcNow(),
                    AllowedIpRange: spec.AllowedIpRange, CreatedBy: spec.CreatedBy),
                ApiKeyKind.User => new ApiKey(
                    id, ApiKeyKind.User, secret, spec.Name ?? $"user-key-{id}", null, RequireUserLocked(spec.Uid).Uid,
                    [], Time.GetUtcNow()),
                _ => throw EmulatorException.BadRequest("kind must be 'org' or 'user'"),
            };

            if (!_keyIdsBySecret.TryAdd(secret, id))
            {
                throw EmulatorException.Conflict("secret already in use");
            }

            _keysById[id] = key;
        }

        return key;
    }

    /// <summary>Revokes a key: it can no longer mint, and tokens minted from it are refused. False if unknown.</summary>
    public bool RevokeKey(string id)
    {
        while (_keysById.TryGetValue(id, out var key))
        {
            if (key.Revoked || _keysById.TryUpdate(id, key with { Revoked = true }, key))
            {
                return true;
            }
        }

        return false;
    }

    public ApiKey? FindKey(string id) => _keysById.GetValueOrDefault(id);

    public ApiKey? FindKeyBySecret(string secret) =>
        _keyIdsBySecret.TryGetValue(secret, out var id) ? _keysById.GetValueOrDefault(id) : null;

    // ---- Helpers (caller holds _gate) --------------------------------------------------------------------------

    private Organization AddOrgLocked(string name, string? oid, string? description, string? location, string? template, int sensorQuota)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxOrgNameLength)
        {
            throw EmulatorException.BadRequest($"name must be 1 to {MaxOrgNameLength} characters");
        }

        if (!Locations.TryResolve(location ?? Locations.Default, out var resolved))
        {
            throw EmulatorException.BadRequest($"invalid location; expected one of: {string.Join(", ", Locations.Accepted)}");
        }

        var normalizedOid = Ids.NewUuid();
        if (oid is not null && !Ids.TryNormalizeUuid(oid, out normalizedOid))
        {
            throw EmulatorException.BadRequest("oid must be a UUID");
        }

        if (_orgs.ContainsKey(normalizedOid))
        {
            throw EmulatorException.Conflict("organization already exists");
        }

        if (OrgNameTakenLocked(name))
        {
            throw EmulatorException.Conflict("organization name already in use");
        }

        var org = new Organization(
            normalizedOid, name, description ?? string.Empty, resolved, Time.GetUtcNow(),
            Organization.DefaultSensorVersion, sensorQuota, template);
        _orgs.Add(org.Oid, org);
        return org;
    }

    private bool OrgNameTakenLocked(string name) =>
        _orgs.Values.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    private Organization RequireOrgLocked(string? oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            throw EmulatorException.BadRequest("oid must be a UUID");
        }

        return _orgs.GetValueOrDefault(normalized) ?? throw EmulatorException.NotFound("organization not found");
    }

    private User RequireUserLocked(string? uid)
    {
        if (string.IsNullOrWhiteSpace(uid))
        {
            throw EmulatorException.BadRequest("uid is required");
        }

        return _users.GetValueOrDefault(uid) ?? throw EmulatorException.NotFound("user not found");
    }

    private OrgGrant GrantLocked(string uid, string oid, IEnumerable<string>? perms, bool owner)
    {
        var grant = new OrgGrant(uid, oid, (perms ?? OrgPermissions.All).Distinct(StringComparer.Ordinal).ToList(), owner);
        if (!_grants.TryGetValue(uid, out var byOrg))
        {
            byOrg = new Dictionary<string, OrgGrant>(StringComparer.Ordinal);
            _grants.Add(uid, byOrg);
        }

        byOrg[oid] = grant;
        return grant;
    }
}
