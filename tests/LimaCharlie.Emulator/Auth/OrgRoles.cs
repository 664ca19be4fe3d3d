using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Auth;

/// <summary>
/// The org roles of <c>PUT /v1/orgs/{oid}/users/role</c> and <c>POST /v1/orgs/{oid}/users</c> (limacharlie-api.md
/// §3.6) and the permission set each one replaces a user's permissions with. The reference names the roles, not
/// their sets; this is the emulator's choice: Owner every permission; Administrator all but <c>org.del</c> and
/// <c>billing.ctrl</c>; Viewer every read (a <c>get</c> or <c>list</c> action) except <c>secret.get</c>; Operator
/// Viewer plus the day-to-day response actions; Basic <c>org.get</c> only.
/// </summary>
public static class OrgRoles
{
    public const string Owner = "Owner";
    public const string Administrator = "Administrator";
    public const string Operator = "Operator";
    public const string Viewer = "Viewer";
    public const string Basic = "Basic";

    public static IReadOnlyList<string> Names { get; } = [Owner, Administrator, Operator, Viewer, Basic];

    private static readonly string[] OperatorExtras =
    [
        "sensor.task", "sensor.tag", "dr.set", "dr.del", "fp.ctrl", "ext.request", "job.ctrl", "payload.ctrl",
        "replicant.ctrl",
    ];

    private static readonly IReadOnlyList<string> ViewerSet = OrgPermissions.All
        .Where(p => p.Split('.').Skip(1).Any(action => action is "get" or "list") && p != "secret.get")
        .ToList();

    private static readonly Dictionary<string, IReadOnlyList<string>> Sets = new(StringComparer.OrdinalIgnoreCase)
    {
        [Owner] = OrgPermissions.All,
        [Administrator] = OrgPermissions.All.Where(p => p is not ("org.del" or "billing.ctrl")).ToList(),
        [Operator] = [.. ViewerSet, .. OperatorExtras.Where(p => !ViewerSet.Contains(p))],
        [Viewer] = ViewerSet,
        [Basic] = [OrgPermissions.OrgGet],
    };

    /// <summary>The role's canonical name (any case accepted); 400 for an unknown role.</summary>
    public static string Canonical(string role) =>
        Names.FirstOrDefault(n => n.Equals(role.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw EmulatorException.BadRequest($"invalid role '{role}'; expected one of: {string.Join(", ", Names)}");

    /// <summary>The permission set of a role (any case); 400 for an unknown role.</summary>
    public static IReadOnlyList<string> Permissions(string role) => Sets[Canonical(role)];
}
