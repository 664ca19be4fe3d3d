using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Replaces a group's permissions (<c>POST /v1/groups/{gid}/permissions</c>, repeated <c>perm</c>).</summary>
    [Cmdlet(VerbsCommon.Set, "LcGroupPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class SetLcGroupPermissionCommand : LcGroupChangeCmdlet
    {
        /// <summary>The whole new set; permissions not listed are taken away. An empty list clears the set.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyCollection]
        [Alias("perm", "Permissions")]
        [ArgumentCompleter(typeof(PermissionCompleter))]
        [ValidatePlainText]
        public string[] Permission { get; set; } = Array.Empty<string>();

        protected override object? ErrorTarget => GroupId;

        protected override void OnProcess()
        {
            RequireUserKey();
            var gid = GroupId;
            var permissions = PermissionCheck.Normalize(this, Permission);
            var described = permissions.Length == 0 ? "no permissions" : string.Join(", ", permissions);
            if (!ShouldProcess($"group {gid}", $"Replace the permissions with {described}")) return;
            InAccount((account, ct) => account.Groups.SetPermissionsAsync(gid, permissions, ct));
            WriteGroupIfAsked(true);
        }
    }
}
