using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>
    /// Grants users permissions in an organization or revokes them, one call per user and permission
    /// (<c>POST</c> or <c>DELETE /v1/orgs/{oid}/users/permissions</c>).
    /// </summary>
    internal static class PermissionChanges
    {
        public static void Apply(LcOrganizationCmdlet cmdlet, string[] emails, string[] permissions, bool grant)
        {
            var connection = cmdlet.Connection;
            var oid = connection.ResolveOrganization(cmdlet.Organization);
            foreach (var email in emails)
                foreach (var permission in permissions)
                {
                    if (!cmdlet.ShouldProcess(cmdlet.InTargetOrganization(email), $"{(grant ? "Grant" : "Revoke")} {permission}")) continue;
                    cmdlet.ForEachItem($"{email}: {permission}", () =>
                        cmdlet.InOrganization(oid, (org, ct) => org.Users.SetPermissionAsync(email, permission, grant, ct)));
                }
        }
    }
}
