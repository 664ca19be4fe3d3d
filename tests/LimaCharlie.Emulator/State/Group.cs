namespace LimaCharlie.Emulator.State;

/// <summary>
/// A group (limacharlie-api.md §3.1): owners and members are user ids (shown as e-mails), organizations OIDs,
/// permissions a set replaced as a whole. Immutable snapshot.
/// </summary>
public sealed record Group(
    string Gid,
    string Name,
    IReadOnlyList<string> OwnerUids,
    IReadOnlyList<string> MemberUids,
    IReadOnlyList<string> Oids,
    IReadOnlyList<string> Perms,
    DateTimeOffset Created);
