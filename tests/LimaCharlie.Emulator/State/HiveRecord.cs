using System.Text.Json;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// One hive record (limacharlie-api.md §3.9), an immutable snapshot. Hives are per (hive name, partition key); the
/// partition key of org hives is the OID.
/// </summary>
/// <param name="Data">The record's JSON data (a cloned element), or null for a JSON <c>null</c>.</param>
public sealed record HiveRecord(
    string Hive,
    string Partition,
    string Name,
    JsonElement? Data,
    HiveUserMetadata UsrMtd,
    HiveSystemMetadata SysMtd);

/// <summary><c>usr_mtd</c>: what clients set. <paramref name="Expiry"/> is a millisecond epoch, 0 = never (stored, not enforced).</summary>
/// <param name="UiActions">The <c>ui_actions</c> list (<c>[{label, location}]</c>) as sent, or null when never sent.</param>
public sealed record HiveUserMetadata(bool Enabled, long Expiry, IReadOnlyList<string> Tags, string Comment, JsonElement? UiActions = null)
{
    /// <summary>The metadata of a record created without <c>usr_mtd</c>: disabled (the service's trap).</summary>
    public static HiveUserMetadata Default { get; } = new(false, 0, [], string.Empty);
}

/// <summary><c>sys_mtd</c>: maintained by the emulator. Times are millisecond epochs.</summary>
public sealed record HiveSystemMetadata(
    string Etag,
    string CreatedBy,
    long CreatedAt,
    string LastAuthor,
    long LastMod,
    string Guid,
    string LastError,
    long LastErrorTs);

/// <summary>
/// A record seeded by the control API or the C# API (<see cref="EmulatorState.SetHiveRecord(string, string, string, HiveRecordSeed)"/>).
/// On an existing record, absent members keep their current value; on a new record <see cref="Data"/> defaults to
/// null, <see cref="Enabled"/> to <c>true</c>, the rest to empty/0 (no <c>ui_actions</c>).
/// </summary>
public sealed record HiveRecordSeed
{
    public JsonElement? Data { get; init; }

    public bool? Enabled { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? Comment { get; init; }

    /// <summary>Millisecond epoch, 0 = never.</summary>
    public long? Expiry { get; init; }

    /// <summary><c>usr_mtd.ui_actions</c> (a JSON list), stored as given.</summary>
    public JsonElement? UiActions { get; init; }
}

/// <summary>An output (limacharlie-api.md §3.10): <paramref name="Fields"/> holds every other form field, as strings.</summary>
/// <param name="For">The data type (sent as <c>type</c>, listed as <c>for</c>).</param>
public sealed record OrgOutput(string Name, string Module, string For, IReadOnlyDictionary<string, string> Fields);
